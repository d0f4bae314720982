using System.Globalization;

namespace Sparsity.Benchmarks.Study;

/// <summary>Prints the number of cells per class and the estimated duration of the study.</summary>
public static class StudyEstimate
{
    /// <summary>
    /// Estimated seconds per cell: pilot (~0.3 s) + (warm-up + measured) iterations of 100 ms + the memory-diagnoser
    /// iteration (~0.1 s) + setup (seeded generation, format conversions, cold copies: 0.1–1.5 s). Calibrate against the
    /// smoke run's log before relying on it.
    /// </summary>
    public const double SecondsPerCell = 2.2;

    /// <summary>Writes the table.</summary>
    /// <param name="writer">Where to write.</param>
    public static void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int total = 0;
        foreach (var (name, list) in (ReadOnlySpan<(string, IReadOnlyList<StudyCase>)>)[
            (nameof(DenseStudyBench), StudyPlan.Dense), (nameof(SpmvStudyBench), StudyPlan.Spmv),
            (nameof(EventStudyBench), StudyPlan.Event), (nameof(BackwardStudyBench), StudyPlan.Backward)])
        {
            int cold = list.Count(c => c.Cache == CacheState.Cold), two = list.Count(c => c.Threads == 2);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {list.Count,4} cells ({cold} cold, {two} on two threads) ≈ {list.Count * SecondsPerCell / 60:F0} min"));
            total += list.Count;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-20} {total,4} cells ≈ {total * SecondsPerCell / 60:F0} min at {SecondsPerCell} s per cell"));
    }
}
