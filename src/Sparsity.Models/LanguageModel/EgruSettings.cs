namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The EGRU-specific choices of a <see cref="LanguageModelConfig"/> (egru.md §1–§2); ignored for LSTM models.
/// Defaults are the language-model recipe: thresholds ~ Beta with mean μ = 0.01, frozen; surrogate γ = β = 3.6;
/// the internal state carried across windows.
/// </summary>
public sealed record EgruSettings
{
    /// <summary>μ: mean of the Beta(3μ/(1−μ), 3) threshold initialisation, in (0, 1).</summary>
    public float ThresholdMean { get; init; } = 0.01f;

    /// <summary>γ: peak of the triangular surrogate derivative (&gt; 0).</summary>
    public float SurrogateGamma { get; init; } = 3.6f;

    /// <summary>β: inverse half-width of the triangular surrogate (&gt; 0).</summary>
    public float SurrogateBeta { get; init; } = 3.6f;

    /// <summary>Learning-rate multiplier of the thresholds; 0 (the published recipe) freezes them.</summary>
    public float ThresholdLearningRateMultiplier { get; init; }

    /// <summary>Reset the internal state c to 0 at every window, as the reference code does (y is still carried).</summary>
    public bool ResetInternalStateEachWindow { get; init; }

    /// <summary>Checks every value is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range or NaN.</exception>
    public void Validate()
    {
        if (!(ThresholdMean > 0f && ThresholdMean < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdMean), ThresholdMean, "The threshold mean μ must be in (0, 1).");
        }

        if (!(SurrogateGamma > 0f) || float.IsInfinity(SurrogateGamma))
        {
            throw new ArgumentOutOfRangeException(nameof(SurrogateGamma), SurrogateGamma, "The surrogate peak γ must be positive and finite.");
        }

        if (!(SurrogateBeta > 0f) || float.IsInfinity(SurrogateBeta))
        {
            throw new ArgumentOutOfRangeException(nameof(SurrogateBeta), SurrogateBeta, "The surrogate β must be positive and finite.");
        }

        if (!(ThresholdLearningRateMultiplier >= 0f) || float.IsInfinity(ThresholdLearningRateMultiplier))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdLearningRateMultiplier), ThresholdLearningRateMultiplier, "The threshold learning-rate multiplier must be ≥ 0 and finite.");
        }
    }
}
