using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Configuration of the kernel study: in process (the columns read the work each setup recorded), 2 warm-up and 8
/// measured iterations of 100 ms each, no overhead evaluation (calls are µs-scale and one delegate call costs ~1 ns),
/// memory diagnoser on, median and the derived columns, and the raw-number exporter.
/// </summary>
public static class StudyConfig
{
    /// <summary>Warm-up iterations.</summary>
    public const int WarmupCount = 2;

    /// <summary>Measured iterations.</summary>
    public const int IterationCount = 8;

    /// <summary>Target length of one iteration.</summary>
    public const int IterationMilliseconds = 100;

    /// <summary>The study job.</summary>
    public static Job Job { get; } = Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(WarmupCount)
        .WithIterationCount(IterationCount)
        .WithIterationTime(TimeInterval.FromMilliseconds(IterationMilliseconds))
        .WithEvaluateOverhead(false)
        .WithId("Study");

    /// <summary>Builds the configuration.</summary>
    /// <param name="withJob">Add the study job (false when the command line names its own, e.g. <c>--job dry</c>).</param>
    /// <returns>The configuration.</returns>
    public static IConfig Create(bool withJob)
    {
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .AddColumn(StudyColumn.All)
            .AddExporter(StudyExporter.Default)
            .HideColumns(Column.Error, Column.StdDev)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(64));
        return withJob ? config.AddJob(Job) : config;
    }
}
