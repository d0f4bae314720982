using Sparsity.Core.Validation;

namespace Sparsity.Models.Pruning;

/// <summary>Prunes once, to <see cref="FinalSparsity"/>, after step <see cref="Step"/>.</summary>
/// <param name="FinalSparsity">Target fraction in [0, 1].</param>
/// <param name="Step">The optimiser step after which to prune (0 = before training's first update takes effect).</param>
public sealed record OneShotSchedule(double FinalSparsity, long Step = 0) : IPruningSchedule
{
    /// <inheritdoc/>
    public double? TargetAt(long optimizerStep) => optimizerStep == Step ? FinalSparsity : null;
}

/// <summary>
/// Iterative pruning: prune to each level in turn, fine-tuning <see cref="StepsPerLevel"/> steps in between
/// (e.g. 50 → 70 → 80 → 90 → 95 %). Level k is applied after step <c>Start + k · StepsPerLevel</c>.
/// </summary>
public sealed record IterativeSchedule : IPruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="levels">Increasing sparsities in [0, 1].</param>
    /// <param name="stepsPerLevel">Fine-tuning steps between levels (≥ 1).</param>
    /// <param name="start">Step of the first pruning.</param>
    /// <exception cref="ArgumentException">Levels are empty, outside [0, 1] or not increasing.</exception>
    public IterativeSchedule(IReadOnlyList<double> levels, long stepsPerLevel, long start = 0)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0 || levels.Any(l => !(l >= 0 && l <= 1)) || levels.Zip(levels.Skip(1)).Any(p => p.Second <= p.First))
        {
            throw new ArgumentException("Levels must be a non-empty, strictly increasing list of fractions in [0, 1].", nameof(levels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerLevel, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        Levels = levels.ToArray();
        StepsPerLevel = stepsPerLevel;
        Start = start;
    }

    /// <summary>The sparsity levels in order.</summary>
    public IReadOnlyList<double> Levels { get; }

    /// <summary>Fine-tuning steps between levels.</summary>
    public long StepsPerLevel { get; }

    /// <summary>Step of the first pruning.</summary>
    public long Start { get; }

    /// <inheritdoc/>
    public double FinalSparsity => Levels[^1];

    /// <inheritdoc/>
    public double? TargetAt(long optimizerStep)
    {
        if (optimizerStep < Start || (optimizerStep - Start) % StepsPerLevel != 0)
        {
            return null;
        }

        long k = (optimizerStep - Start) / StepsPerLevel;
        return k < Levels.Count ? Levels[(int)k] : null;
    }
}

/// <summary>
/// Gradual pruning (Zhu &amp; Gupta 2017): every <see cref="Interval"/> steps from <see cref="Start"/> for
/// <see cref="Count"/> prunings, <c>s_t = s_f + (s_i − s_f)(1 − (t − t₀)/(nΔt))³</c>, reaching s_f at t₀ + nΔt.
/// </summary>
public sealed record GradualSchedule : IPruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialSparsity">s_i in [0, 1].</param>
    /// <param name="finalSparsity">s_f in [s_i, 1].</param>
    /// <param name="start">t₀ (≥ 0).</param>
    /// <param name="interval">Δt (≥ 1).</param>
    /// <param name="count">n (≥ 1).</param>
    public GradualSchedule(double initialSparsity, double finalSparsity, long start, long interval, int count)
    {
        if (!(initialSparsity >= 0 && initialSparsity <= finalSparsity && finalSparsity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(finalSparsity), $"Need 0 ≤ s_i ({initialSparsity}) ≤ s_f ({finalSparsity}) ≤ 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        ThrowHelper.Positive(count, nameof(count));
        InitialSparsity = initialSparsity;
        FinalSparsity = finalSparsity;
        Start = start;
        Interval = interval;
        Count = count;
    }

    /// <summary>s_i.</summary>
    public double InitialSparsity { get; }

    /// <inheritdoc/>
    public double FinalSparsity { get; }

    /// <summary>t₀.</summary>
    public long Start { get; }

    /// <summary>Δt.</summary>
    public long Interval { get; }

    /// <summary>n.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public double? TargetAt(long optimizerStep)
    {
        if (optimizerStep < Start || (optimizerStep - Start) % Interval != 0 || (optimizerStep - Start) / Interval > Count)
        {
            return null;
        }

        double progress = (double)(optimizerStep - Start) / (Count * Interval);
        return FinalSparsity + ((InitialSparsity - FinalSparsity) * Math.Pow(1 - progress, 3));
    }
}
