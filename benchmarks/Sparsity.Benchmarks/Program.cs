using BenchmarkDotNet.Running;
using Sparsity.Benchmarks.Study;

namespace Sparsity.Benchmarks;

internal static class Program
{
    private static readonly Type[] StudyTypes = [typeof(DenseStudyBench), typeof(SpmvStudyBench), typeof(EventStudyBench), typeof(BackwardStudyBench)];

    /// <summary>
    /// <c>study [BenchmarkDotNet options]</c> runs the kernel study (benchmarks/README.md); <c>report &lt;results&gt; [out.md]</c>
    /// writes its markdown; <c>plan</c> prints the case counts; anything else goes to the BenchmarkDotNet switcher.
    /// </summary>
    private static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : string.Empty;
        switch (mode)
        {
            case "report":
                return StudyReport.Run(args[1..]);
            case "plan":
                StudyEstimate.Print(Console.Out);
                return 0;
            case "study":
                {
                    string[] rest = args[1..];
                    bool ownJob = rest.Any(a => a is "--job" or "-j");

                    // Without a filter the switcher asks interactively which benchmarks to run.
                    if (!rest.Any(a => a is "--filter" or "-f"))
                    {
                        rest = [.. rest, "--filter", "*"];
                    }

                    BenchmarkSwitcher.FromTypes(StudyTypes).Run(rest, StudyConfig.Create(withJob: !ownJob));
                    return 0;
                }

            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
