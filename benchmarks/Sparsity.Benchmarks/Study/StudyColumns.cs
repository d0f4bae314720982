using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Sparsity.Benchmarks.Study;

/// <summary>The derived figures a <see cref="StudyColumn"/> shows.</summary>
public enum StudyMetric
{
    /// <summary>GFLOP/s of useful work.</summary>
    GigaFlops,

    /// <summary>Effective GB/s.</summary>
    GigaBytes,

    /// <summary>Speed-up over the dense baseline of the same group.</summary>
    SpeedUp,

    /// <summary>Dense MACs ÷ useful MACs.</summary>
    MacReduction,

    /// <summary>Speed-up ÷ MAC reduction.</summary>
    Efficiency,

    /// <summary>MB moved by other copies between two uses of a cold copy.</summary>
    ColdTraffic,
}

/// <summary>Summary-table access shared by the columns and the exporter.</summary>
public static class StudySummary
{
    /// <summary>The study case of a benchmark case, if it is one.</summary>
    /// <param name="benchmarkCase">The benchmark case.</param>
    /// <returns>Its <c>Case</c> parameter, or null.</returns>
    public static StudyCase? CaseOf(BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        foreach (var p in benchmarkCase.Parameters.Items)
        {
            if (p.Value is StudyCase c)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Median time per call in ns, NaN when the case has no result.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="benchmarkCase">The case.</param>
    /// <returns>The median.</returns>
    public static double MedianNs(Summary summary, BenchmarkCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary[benchmarkCase]?.ResultStatistics?.Median ?? double.NaN;
    }

    /// <summary>The median of the dense baseline of <paramref name="c"/> in the same summary (NaN when absent).</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="c">The study case.</param>
    /// <returns>The baseline's median in ns.</returns>
    public static double BaselineNs(Summary summary, StudyCase c)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(c);
        StudyCase b = c.Baseline;
        foreach (BenchmarkCase bc in summary.BenchmarksCases)
        {
            if (CaseOf(bc) is StudyCase other && other.Equals(b))
            {
                return MedianNs(summary, bc);
            }
        }

        return double.NaN;
    }
}

/// <summary>A derived column of the study tables, computed from the case's recorded work and the median.</summary>
/// <param name="metric">What it shows.</param>
public sealed class StudyColumn(StudyMetric metric) : IColumn
{
    /// <summary>All study columns, in table order.</summary>
    public static IColumn[] All { get; } = [.. Enum.GetValues<StudyMetric>().Select(m => new StudyColumn(m))];

    /// <inheritdoc/>
    public string Id => "Study." + metric;

    /// <inheritdoc/>
    public string ColumnName => metric switch
    {
        StudyMetric.GigaFlops => "GFLOP/s",
        StudyMetric.GigaBytes => "GB/s",
        StudyMetric.SpeedUp => "SpeedUp",
        StudyMetric.MacReduction => "MacRed",
        StudyMetric.Efficiency => "Eff",
        _ => "ColdMB",
    };

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => (int)metric;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => metric switch
    {
        StudyMetric.GigaFlops => "Useful GFLOP/s: 2 x stored weights in the active columns x batch / median",
        StudyMetric.GigaBytes => "Effective GB/s: bytes of matrix and vectors the kernel must read or write / median",
        StudyMetric.SpeedUp => "Median of the dense baseline (same shape, batch, cache, threads) / median",
        StudyMetric.MacReduction => "Theoretical MAC reduction: dense MACs / useful MACs",
        StudyMetric.Efficiency => "SpeedUp / MacRed",
        _ => "MB moved by the other copies between two uses of the same cold copy",
    };

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (StudySummary.CaseOf(benchmarkCase) is not StudyCase c || !StudyRegistry.TryGet(c.ToString(), out StudyWork work))
        {
            return "?";
        }

        double ns = StudySummary.MedianNs(summary, benchmarkCase);
        double value = metric switch
        {
            StudyMetric.GigaFlops => StudyMath.GigaFlops(work.UsefulMacs, ns),
            StudyMetric.GigaBytes => StudyMath.GigaBytesPerSecond(work.Bytes, ns),
            StudyMetric.SpeedUp => StudyMath.SpeedUp(StudySummary.BaselineNs(summary, c), ns),
            StudyMetric.MacReduction => work.MacReduction,
            StudyMetric.Efficiency => StudyMath.Efficiency(StudyMath.SpeedUp(StudySummary.BaselineNs(summary, c), ns), work),
            _ => work.ColdTrafficBytes / 1e6,
        };
        return double.IsNaN(value) ? "NA" : value.ToString(metric == StudyMetric.ColdTraffic ? "F0" : "G3", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.BenchmarksCases.Any(bc => StudySummary.CaseOf(bc) is not null);
    }

    /// <inheritdoc/>
    public override string ToString() => ColumnName;
}
