namespace Sparsity.Models.Optimization;

/// <summary>
/// The recipe's learning-rate schedule as a pure function of the step index: optional linear warm-up, then the base
/// rate, then cosine decay to <see cref="FinalRate"/> over the last <see cref="DecayFraction"/> of training.
/// </summary>
/// <remarks>
/// For step s (0-based), W warm-up steps, total N and decay start D = N − round(f·N):
/// <code>
/// s &lt; W:       base · (s + 1) / W                (the first step already moves: no step at rate 0)
/// s &lt; D:       base
/// D ≤ s &lt; N:   final + (base − final) · ½(1 + cos(π · (s − D) / (N − D)))
/// s ≥ N:       final
/// </code>
/// With no decay (fraction 0, or one rounding to no step) the rate stays at base forever, also past N.
/// The AWD-style scaling by window length / base length is the training loop's job, applied on top.
/// </remarks>
public sealed class LearningRateSchedule
{
    /// <summary>Creates a schedule.</summary>
    /// <param name="baseRate">The plateau rate, finite and &gt; 0 (recipe: 1.2e-3 PTB, 1e-3 WT2).</param>
    /// <param name="totalSteps">Steps in the whole run, &gt; 0.</param>
    /// <param name="decayFraction">Fraction of the run, at its end, spent in cosine decay, in [0, 1]; 0 = constant.</param>
    /// <param name="warmupSteps">Linear warm-up steps, ≥ 0, not reaching into the decay.</param>
    /// <param name="finalRate">The rate the decay ends at, in [0, baseRate].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public LearningRateSchedule(double baseRate, long totalSteps, double decayFraction, long warmupSteps = 0, double finalRate = 0)
    {
        if (!(baseRate > 0) || !double.IsFinite(baseRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "The base rate must be finite and positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (!(decayFraction >= 0 && decayFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(decayFraction), decayFraction, "The decay fraction must lie in [0, 1].");
        }

        if (!(finalRate >= 0 && finalRate <= baseRate))
        {
            throw new ArgumentOutOfRangeException(nameof(finalRate), finalRate, "The final rate must lie in [0, baseRate].");
        }

        BaseRate = baseRate;
        TotalSteps = totalSteps;
        DecayFraction = decayFraction;
        FinalRate = finalRate;
        DecayStart = totalSteps - (long)Math.Round(decayFraction * totalSteps, MidpointRounding.AwayFromZero);
        if (warmupSteps < 0 || warmupSteps > DecayStart)
        {
            throw new ArgumentOutOfRangeException(
                nameof(warmupSteps), warmupSteps, $"Warm-up must be non-negative and end by the decay start (step {DecayStart}).");
        }

        WarmupSteps = warmupSteps;
    }

    /// <summary>The plateau rate.</summary>
    public double BaseRate { get; }

    /// <summary>Steps in the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>Fraction of the run spent in cosine decay.</summary>
    public double DecayFraction { get; }

    /// <summary>Linear warm-up steps.</summary>
    public long WarmupSteps { get; }

    /// <summary>The rate at and after <see cref="TotalSteps"/>.</summary>
    public double FinalRate { get; }

    /// <summary>The first step of the cosine decay, <c>TotalSteps − round(DecayFraction · TotalSteps)</c>.</summary>
    public long DecayStart { get; }

    /// <summary>The learning rate of step <paramref name="stepIndex"/> (0-based).</summary>
    /// <param name="stepIndex">The step, ≥ 0.</param>
    /// <returns>The rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepIndex"/> is negative.</exception>
    public double RateAt(long stepIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepIndex);
        if (stepIndex < WarmupSteps)
        {
            return BaseRate * (stepIndex + 1) / WarmupSteps;
        }

        if (stepIndex < DecayStart || DecayStart == TotalSteps)
        {
            return BaseRate;
        }

        if (stepIndex >= TotalSteps)
        {
            return FinalRate;
        }

        double progress = (double)(stepIndex - DecayStart) / (TotalSteps - DecayStart);
        return FinalRate + (BaseRate - FinalRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
