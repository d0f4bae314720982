using System.Globalization;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Writes each study summary as a tab-separated file of raw numbers (<c>results/*-report.study.tsv</c>): the case,
/// the median/mean/standard deviation in ns, allocation per call and the recorded work. <c>report</c> mode turns these
/// files into the markdown tables (<see cref="StudyReport"/>); '#' lines carry the host description.
/// </summary>
public sealed class StudyExporter : ExporterBase
{
    /// <summary>The column header (also what <see cref="StudyReport"/> expects).</summary>
    public const string Header = "Class\tCase\tMedianNs\tMeanNs\tStdDevNs\tIterations\tAllocatedBytes\tUsefulMacs\tDenseMacs\tBytes\tCopies\tColdTrafficBytes";

    /// <summary>The exporter.</summary>
    public static StudyExporter Default { get; } = new();

    /// <inheritdoc/>
    protected override string FileExtension => "study.tsv";

    /// <inheritdoc/>
    public override void ExportToLog(Summary summary, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (string line in summary.HostEnvironmentInfo.ToFormattedString())
        {
            logger.WriteLine("# " + line);
        }

        logger.WriteLine(Header);
        foreach (BenchmarkReport report in summary.Reports)
        {
            if (StudySummary.CaseOf(report.BenchmarkCase) is not StudyCase c || report.ResultStatistics is null)
            {
                continue;
            }

            StudyRegistry.TryGet(c.ToString(), out StudyWork? work);
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var s = report.ResultStatistics;
            string[] fields =
            [
                report.BenchmarkCase.Descriptor.Type.Name, c.ToString(), F(s.Median), F(s.Mean), F(s.StandardDeviation),
                s.N.ToString(CultureInfo.InvariantCulture), allocated?.ToString(CultureInfo.InvariantCulture) ?? "NA",
                F(work?.UsefulMacs), F(work?.DenseMacs ?? c.DenseMacs), F(work?.Bytes), work?.Copies.ToString(CultureInfo.InvariantCulture) ?? "NA",
                F(work?.ColdTrafficBytes),
            ];
            logger.WriteLine(string.Join('\t', fields));
        }
    }

    private static string F(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "NA";
}
