namespace Sparsity.Models.Layers;

/// <summary>How an EGRU resets its internal state where a unit fired (egru.md §1).</summary>
public enum EgruResetMode
{
    /// <summary><c>c_t = ĉ − o ⊙ θ</c>: subtract the threshold (the reference code; the default).</summary>
    SubtractThreshold,

    /// <summary><c>c_t = ĉ − y_t = ĉ − o ⊙ ĉ</c>: subtract the output (the paper's form), so a unit that fired restarts from 0.</summary>
    SubtractOutput,
}

/// <summary>How <see cref="Egru.Initialize"/> draws the thresholds θ (egru.md §1).</summary>
public enum EgruThresholdInitialization
{
    /// <summary>θ ~ Beta(α = 3μ/(1−μ), β = 3), mean μ = <see cref="EgruOptions.ThresholdMean"/> (the 2023+ recipe).</summary>
    Beta,

    /// <summary>θ = sigmoid(θ_raw), θ_raw ~ N(<see cref="EgruOptions.ThresholdRawMean"/>, standard deviation √2) (the older
    /// variant). Which of θ and θ_raw is trained is <see cref="EgruOptions.ThresholdParameterization"/>'s choice.</summary>
    SigmoidNormal,
}

/// <summary>What the <c>theta</c> parameter of an <see cref="Egru"/> holds (egru.md §1).</summary>
public enum EgruThresholdParameterization
{
    /// <summary><c>theta</c> is θ itself, clamped to [0, 1] by the optimiser (the 2023+ recipe; the default).</summary>
    Direct,

    /// <summary><c>theta</c> holds θ_raw, unbounded and unclamped, and the threshold is θ = sigmoid(θ_raw) ∈ (0, 1)
    /// (the older variant); backward returns dθ_raw = dθ · θ(1 − θ).</summary>
    Sigmoid,
}

/// <summary>
/// The fixed choices of one <see cref="Egru"/> layer. Defaults follow the language-model recipe: surrogate
/// γ = β = 3.6, soft reset by subtracting θ, internal state carried across windows, thresholds ~ Beta with mean 0.01
/// and frozen (learning-rate multiplier 0).
/// </summary>
public sealed record EgruOptions
{
    /// <summary>γ: peak of the triangular surrogate derivative <c>γ·max(0, 1 − β|s|)</c> (&gt; 0; the EvNN layer default is 0.7).</summary>
    public float SurrogateGamma { get; init; } = 3.6f;

    /// <summary>β: inverse half-width of the triangular surrogate (&gt; 0; the EvNN layer default is 1).</summary>
    public float SurrogateBeta { get; init; } = 3.6f;

    /// <summary>How the internal state is reset where a unit fired.</summary>
    public EgruResetMode Reset { get; init; } = EgruResetMode.SubtractThreshold;

    /// <summary>
    /// Set the internal state c to 0 at the start of every <see cref="Egru.Forward"/> window, as the reference code
    /// does (y is still carried). False (default) carries both c and y; <see cref="Egru.ForwardStep"/> never resets.
    /// </summary>
    public bool ResetInternalStatePerWindow { get; init; }

    /// <summary>Learning-rate multiplier of θ; 0 (the published recipe, the default) freezes the thresholds. Their gradient is computed either way.</summary>
    public float ThresholdLearningRateMultiplier { get; init; }

    /// <summary>What the <c>theta</c> parameter holds: θ itself (default) or θ_raw with θ = sigmoid(θ_raw).</summary>
    public EgruThresholdParameterization ThresholdParameterization { get; init; } = EgruThresholdParameterization.Direct;

    /// <summary>How <see cref="Egru.Initialize"/> draws θ.</summary>
    public EgruThresholdInitialization ThresholdInitialization { get; init; } = EgruThresholdInitialization.Beta;

    /// <summary>μ: mean of the Beta threshold initialisation, in (0, 1).</summary>
    public float ThresholdMean { get; init; } = 0.01f;

    /// <summary>μ_raw: mean of θ_raw for <see cref="EgruThresholdInitialization.SigmoidNormal"/> (≈ −3.77 gives mean θ ≈ 0.05).</summary>
    public float ThresholdRawMean { get; init; } = -3.77f;

    /// <summary>
    /// Whether the layer input is an event stream (another EGRU's mostly-zero y), so that in
    /// <see cref="LayerExecution.Sparse"/> the input projection runs event-driven over the nonzero inputs; false runs it
    /// as a dense GEMM (an embedding) — except that a pruned W sparse enough for its CSC copy runs the CSC product
    /// whenever little work is left, whatever this says (weight sparsity pays on a dense input too). Null (default)
    /// decides per call from the measured input density (event-driven at ≤ 25 % nonzero); then a window and a step over
    /// the same tokens may pick different kernels and agree only to float rounding. Set it explicitly (and keep W
    /// unpruned or denser than 30 %) when bit-identical streaming is required.
    /// </summary>
    public bool? SparseInput { get; init; }

    /// <summary>Checks every value is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, infinite or NaN.</exception>
    public void Validate()
    {
        if (!(SurrogateGamma > 0f) || float.IsInfinity(SurrogateGamma))
        {
            throw new ArgumentOutOfRangeException(nameof(SurrogateGamma), SurrogateGamma, "The surrogate peak γ must be positive and finite.");
        }

        if (!(SurrogateBeta > 0f) || float.IsInfinity(SurrogateBeta))
        {
            throw new ArgumentOutOfRangeException(nameof(SurrogateBeta), SurrogateBeta, "The surrogate β must be positive and finite.");
        }

        if (!Enum.IsDefined(Reset))
        {
            throw new ArgumentOutOfRangeException(nameof(Reset), Reset, "Unknown reset mode.");
        }

        if (!Enum.IsDefined(ThresholdParameterization))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdParameterization), ThresholdParameterization, "Unknown threshold parameterisation.");
        }

        if (!Enum.IsDefined(ThresholdInitialization))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdInitialization), ThresholdInitialization, "Unknown threshold initialisation.");
        }

        if (!(ThresholdLearningRateMultiplier >= 0f) || float.IsInfinity(ThresholdLearningRateMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdLearningRateMultiplier), ThresholdLearningRateMultiplier, "The threshold learning-rate multiplier must be ≥ 0 and finite.");
        }

        if (!(ThresholdMean > 0f && ThresholdMean < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdMean), ThresholdMean, "The threshold mean μ must be in (0, 1).");
        }

        if (!float.IsFinite(ThresholdRawMean))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdRawMean), ThresholdRawMean, "The raw threshold mean must be finite.");
        }
    }
}
