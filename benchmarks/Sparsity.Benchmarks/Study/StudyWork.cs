using System.Collections.Concurrent;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// The work one call of a case does, measured from the generated operands in the case's setup (averaged over the cold
/// copies, whose activity patterns differ).
/// </summary>
/// <param name="UsefulMacs">Multiply-adds actually needed: stored weights in the active columns, summed over the batch.</param>
/// <param name="DenseMacs">Multiply-adds of the dense product of the same shape and batch.</param>
/// <param name="Bytes">Bytes of matrix and vectors the kernel must read or write once per call.</param>
/// <param name="Copies">Operand copies the calls rotate over (1 when hot).</param>
/// <param name="ColdTrafficBytes">Bytes the other copies move between two uses of the same copy (0 when hot).</param>
public sealed record StudyWork(double UsefulMacs, double DenseMacs, double Bytes, int Copies, double ColdTrafficBytes)
{
    /// <summary>The theoretical MAC reduction: dense MACs ÷ useful MACs.</summary>
    public double MacReduction => UsefulMacs > 0 ? DenseMacs / UsefulMacs : double.PositiveInfinity;
}

/// <summary>
/// Work of the cases set up in this process, keyed by <see cref="StudyCase.ToString"/>. The study runs in process, so the
/// columns and the exporter read what each case's GlobalSetup recorded.
/// </summary>
public static class StudyRegistry
{
    private static readonly ConcurrentDictionary<string, StudyWork> s_work = new(StringComparer.Ordinal);

    /// <summary>Records (or replaces) the work of a case.</summary>
    /// <param name="key">The case's text form.</param>
    /// <param name="work">Its work.</param>
    public static void Record(string key, StudyWork work) => s_work[key] = work;

    /// <summary>Looks up the work of a case.</summary>
    /// <param name="key">The case's text form.</param>
    /// <param name="work">Its work, when recorded.</param>
    /// <returns>Whether the case was set up in this process.</returns>
    public static bool TryGet(string key, out StudyWork work)
    {
        bool found = s_work.TryGetValue(key, out StudyWork? w);
        work = w!;
        return found;
    }
}

/// <summary>The derived figures of the study, shared by the summary columns and the markdown report.</summary>
public static class StudyMath
{
    /// <summary>GFLOP/s of useful work: 2 · useful MACs per nanosecond.</summary>
    /// <param name="usefulMacs">Useful multiply-adds.</param>
    /// <param name="nanoseconds">Time per call.</param>
    /// <returns>GFLOP/s, NaN when the time is not positive.</returns>
    public static double GigaFlops(double usefulMacs, double nanoseconds) => nanoseconds > 0 ? 2 * usefulMacs / nanoseconds : double.NaN;

    /// <summary>Effective bandwidth: bytes per nanosecond = GB/s.</summary>
    /// <param name="bytes">Bytes the kernel must move.</param>
    /// <param name="nanoseconds">Time per call.</param>
    /// <returns>GB/s (10⁹ bytes), NaN when the time is not positive.</returns>
    public static double GigaBytesPerSecond(double bytes, double nanoseconds) => nanoseconds > 0 ? bytes / nanoseconds : double.NaN;

    /// <summary>Speed-up over the baseline: baseline time ÷ time.</summary>
    /// <param name="baselineNanoseconds">The dense baseline's time.</param>
    /// <param name="nanoseconds">This case's time.</param>
    /// <returns>The ratio, NaN when either time is not positive.</returns>
    public static double SpeedUp(double baselineNanoseconds, double nanoseconds) =>
        nanoseconds > 0 && baselineNanoseconds > 0 ? baselineNanoseconds / nanoseconds : double.NaN;

    /// <summary>Efficiency: measured speed-up ÷ theoretical MAC reduction (1 = the time fell exactly with the work).</summary>
    /// <param name="speedUp">Measured speed-up.</param>
    /// <param name="work">The case's work.</param>
    /// <returns>The ratio, NaN when undefined.</returns>
    public static double Efficiency(double speedUp, StudyWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        double r = work.MacReduction;
        return double.IsFinite(r) && r > 0 ? speedUp / r : double.NaN;
    }
}
