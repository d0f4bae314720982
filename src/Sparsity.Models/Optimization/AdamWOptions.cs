namespace Sparsity.Models.Optimization;

/// <summary>
/// Hyper-parameters of <see cref="AdamW"/>. The defaults are the EGRU recipe's betas (0, 0.999) with ε = 1e-8 and no
/// weight decay; the recipe's decay is 0.10 (PTB) or 0.12 (WikiText-2).
/// </summary>
public sealed record AdamWOptions
{
    /// <summary>Decay of the first moment, in [0, 1). The recipe uses 0 (no momentum); PyTorch's default is 0.9.</summary>
    public double Beta1 { get; init; }

    /// <summary>Decay of the second moment, in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to the bias-corrected root of the second moment (PyTorch's placement), &gt; 0.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay λ ≥ 0: each step multiplies a decayed parameter by <c>1 − lr·λ</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Whether the decay also applies to parameters of kind <see cref="Parameters.ParameterKind.Bias"/> (layer biases,
    /// the decoder bias, the projection bias). True (the default) is the recipe's single parameter group, as EvNN's
    /// training script; false exempts them, as is common practice, since shrinking a bias towards zero does not limit
    /// the model's capacity. Thresholds are never decayed (<see cref="Parameters.Parameter.WeightDecay"/>) and the
    /// embedding always is (it is also the tied decoder weight).
    /// </summary>
    public bool DecayBiases { get; init; } = true;

    /// <summary>Throws when a value is outside its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), ε is not positive, or λ is negative (or any is NaN).</exception>
    public void Validate()
    {
        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must lie in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must lie in [0, 1).");
        }

        if (!(Epsilon > 0) || !double.IsFinite(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be finite and positive.");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be finite and non-negative.");
        }
    }
}
