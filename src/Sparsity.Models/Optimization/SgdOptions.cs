namespace Sparsity.Models.Optimization;

/// <summary>Hyper-parameters of <see cref="Sgd"/>.</summary>
public sealed record SgdOptions
{
    /// <summary>Momentum μ in [0, 1); 0 is plain gradient descent.</summary>
    public double Momentum { get; init; }

    /// <summary>Nesterov momentum (the step uses <c>g + μ·buffer</c>); requires <see cref="Momentum"/> &gt; 0.</summary>
    public bool Nesterov { get; init; }

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
    /// <exception cref="ArgumentOutOfRangeException">μ is outside [0, 1) or λ is negative (or either is NaN).</exception>
    /// <exception cref="ArgumentException">Nesterov is set without momentum.</exception>
    public void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must lie in [0, 1).");
        }

        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be finite and non-negative.");
        }

        if (Nesterov && Momentum == 0)
        {
            throw new ArgumentException("Nesterov momentum needs Momentum > 0.", nameof(Nesterov));
        }
    }
}
