using BenchmarkDotNet.Attributes;
using Sparsity.Kernels.Threading;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Shared machinery of the study classes: builds the operands of the current case, one copy when hot and enough
/// independent copies when cold that the traffic between two uses of the same copy exceeds the last-level cache
/// (<see cref="ColdTrafficBytes"/>, L3 is 32 MB here), records the case's work for the columns, and runs one call per
/// invocation on the next copy. Rotating copies instead of an IterationSetup flush keeps µs-scale calls measurable.
/// </summary>
public abstract class StudyBenchBase
{
    /// <summary>Traffic between two uses of the same cold copy to aim for (3× the 32 MB L3).</summary>
    public const double ColdTrafficBytes = 96e6;

    /// <summary>Cap on the memory of all cold copies together; when it binds, the case's recorded cold traffic is lower.</summary>
    public const double CopyBudgetBytes = 1.5e9;

    private Action[] _calls = [];
    private int _next;
    private int _savedThreads = 1;

    /// <summary>The case under test (each class's <c>[ParamsSource]</c> property).</summary>
    protected abstract StudyCase CurrentCase { get; }

    /// <summary>Builds one copy of the operands and its call. The first copy also builds the shared weights; later copies clone them.</summary>
    /// <param name="c">The case.</param>
    /// <param name="rng">Seeded generator (activations differ per copy).</param>
    /// <param name="first">Whether this is the first copy.</param>
    /// <returns>The call and the work it does.</returns>
    protected abstract Copy CreateCopy(StudyCase c, Random rng, bool first);

    /// <summary>Drops the shared weights after the case.</summary>
    protected abstract void ReleaseOperands();

    /// <summary>Sets the thread count, builds the copies, records the work and runs every copy once (faults pages in, validates).</summary>
    [GlobalSetup]
    public void Setup()
    {
        StudyCase c = CurrentCase;
        _savedThreads = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = c.Threads;
        var rng = new Random(StudyData.Seed(c));
        Copy first = CreateCopy(c, rng, first: true);
        var list = new List<Copy> { first };
        if (c.Cache == CacheState.Cold)
        {
            // Copies differ in their activity patterns, hence in bytes: add copies until the traffic of all but one
            // (on average) reaches the target, or the memory budget is spent.
            int cap = (int)Math.Max(2, CopyBudgetBytes / Math.Max(1.0, first.AllocatedBytes));
            double total = first.Bytes;
            while (list.Count < cap && (list.Count < 2 || total * (list.Count - 1) / list.Count < ColdTrafficBytes))
            {
                Copy next = CreateCopy(c, rng, first: false);
                list.Add(next);
                total += next.Bytes;
            }
        }

        int copies = list.Count;
        double useful = list.Average(x => x.UsefulMacs), bytes = list.Average(x => x.Bytes);
        StudyRegistry.Record(c.ToString(), new StudyWork(useful, c.DenseMacs, bytes, copies, (copies - 1) * bytes));
        _calls = [.. list.Select(x => x.Call)];
        foreach (Action call in _calls)
        {
            call();
        }

        _next = 0;
    }

    /// <summary>One call on the next copy.</summary>
    /// <summary>One call of the case's kernel.</summary>
    [Benchmark]
    public void Run()
    {
        Action[] calls = _calls;
        int i = _next;
        calls[i]();
        _next = i + 1 == calls.Length ? 0 : i + 1;
    }

    /// <summary>Releases the copies and restores the thread count.</summary>
    /// <summary>Releases the operands.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _calls = [];
        ReleaseOperands();
        KernelThreads.MaxThreads = _savedThreads;
        GC.Collect();
    }

    /// <summary>One copy of a case's operands.</summary>
    /// <param name="Call">One kernel call on this copy (allocation-free).</param>
    /// <param name="UsefulMacs">Useful multiply-adds of the call.</param>
    /// <param name="Bytes">Bytes the call must read or write.</param>
    /// <param name="AllocatedBytes">Memory this copy holds.</param>
    protected sealed record Copy(Action Call, double UsefulMacs, double Bytes, double AllocatedBytes);
}
