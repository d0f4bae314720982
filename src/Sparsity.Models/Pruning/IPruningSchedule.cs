namespace Sparsity.Models.Pruning;

/// <summary>
/// When to prune and to what level, as a pure function of the optimiser step (so a resumed run prunes exactly where an
/// uninterrupted one would).
/// </summary>
public interface IPruningSchedule
{
    /// <summary>The target sparsity at the end of the schedule.</summary>
    double FinalSparsity { get; }

    /// <summary>
    /// The sparsity to prune to after optimiser step <paramref name="optimizerStep"/> (counted from 0), or null when no pruning
    /// happens at that step.
    /// </summary>
    double? TargetAt(long optimizerStep);
}
