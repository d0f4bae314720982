using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Packing;
using Sparsity.Kernels.Pointwise;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Threading;

namespace Sparsity.Tests.Kernels;

/// <summary>
/// Every public kernel entry point allocates nothing per call once warm, on one thread and when it splits its work
/// over two (the caller's side: pooled work items). BenchmarkDotNet's in-process memory column counts the whole
/// process (runtime background threads included), so the property is asserted here: per calling thread, and
/// process-wide as the least of several tries (so a pool worker's allocation cannot hide).
/// </summary>
[NonParallelizable]
public sealed class KernelAllocationTests
{
    // Large enough (M·K ≥ 2¹⁷) that the threaded kernels really split their rows at two threads.
    private const int M = 1024, K = 512, B = 4;

    [TestCase(1)]
    [TestCase(2)]
    public void WarmCalls_AllocateNothing(int threads)
    {
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = threads;
        try
        {
            foreach ((string name, Action call) in Calls())
            {
                call(); // warm-up: JIT, pooled work items, lazily built tables
                call();
                long before = GC.GetAllocatedBytesForCurrentThread();
                call();
                call();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.That(allocated, Is.Zero, $"{name} at {threads} thread(s): bytes allocated on the calling thread by two warm calls");
                Assert.That(ProcessWideAllocation(call), Is.Zero, $"{name} at {threads} thread(s): bytes allocated by two warm calls on any thread (pool workers included)");
            }
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    /// <summary>
    /// Bytes the whole process allocated around two calls, the least of five tries: an allocation on a pool worker
    /// (invisible to the per-thread counter) shows in every try, while the runtime's and the test host's own
    /// background allocations come and go.
    /// </summary>
    private static long ProcessWideAllocation(Action call)
    {
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 5 && least > 0; attempt++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            call();
            call();
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return least;
    }

    private static IEnumerable<(string Name, Action Call)> Calls()
    {
        var rng = new Random(5);
        var dense = new DenseMatrix(M, K);
        Span<float> d = dense.AsSpan();
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = rng.NextDouble() < 0.1 ? (float)(rng.NextDouble() - 0.5) : 0f;
        }

        float[] w = dense.AsSpan().ToArray();
        DenseMatrix wt = dense.Transpose();
        CsrMatrix csr = CsrMatrix.FromDense(dense);
        CscMatrix csc = CscMatrix.FromDense(dense);
        BsrMatrix bsr = BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, 0f), 8, 1);
        BlockColumnPack pack = BlockColumnPack.FromBsr(bsr);
        float[] x = Fill(rng, B * K, 0.5), xm = Fill(rng, B * M, 1.0);
        float[] y = new float[B * M], yk = new float[B * K], dw = new float[M * K], dValues = new float[csr.Nnz];
        float[] workspace = new float[SpmmCsr.WorkspaceLength(K, B)];
        var list = new EventList(K);
        var batch = new EventBatch(B, K);
        EventExtraction.Extract(x.AsSpan(0, K), list);
        EventExtraction.ExtractBatch(x, batch);
        float[] theta = Fill(rng, M, 1.0), c = new float[M], pointwise = new float[M];

        yield return ("DenseGemv", () => DenseGemv.Multiply(w, M, K, x.AsSpan(0, K), y.AsSpan(0, M)));
        yield return ("DenseGemvTransposed", () => DenseGemvTransposed.Multiply(w, M, K, xm.AsSpan(0, M), yk.AsSpan(0, K)));
        yield return ("DenseGemm", () => DenseGemm.Multiply(x, B, K, w, M, y));
        yield return ("WeightGradient", () => WeightGradient.Accumulate(xm, B, M, x, K, dw));
        yield return ("SpmvCsr", () => SpmvCsr.Multiply(csr, x.AsSpan(0, K), y.AsSpan(0, M)));
        yield return ("SpmmCsr", () => SpmmCsr.Multiply(csr, x, B, y, workspace));
        yield return ("SpmvCsc", () => SpmvCsc.Multiply(csc, x.AsSpan(0, K), y.AsSpan(0, M)));
        yield return ("SpmvCsrTransposed", () => SpmvCsrTransposed.Multiply(csr, xm.AsSpan(0, M), yk.AsSpan(0, K)));
        yield return ("SpmvBsr", () => SpmvBsr.Multiply(bsr, x.AsSpan(0, K), y.AsSpan(0, M)));
        yield return ("EventExtraction.Extract", () => EventExtraction.Extract(x.AsSpan(0, K), list));
        yield return ("EventExtraction.ExtractBatch", () => EventExtraction.ExtractBatch(x, batch));
        yield return ("EventGemvDense", () => EventGemvDense.Multiply(wt, list, y.AsSpan(0, M)));
        yield return ("EventGemmDense", () => EventGemmDense.Multiply(wt, batch, y));
        yield return ("EventSpmvCsc", () => EventSpmvCsc.Multiply(csc, list, y.AsSpan(0, M)));
        yield return ("EventSpmmCsc", () => EventSpmmCsc.Multiply(csc, batch, y));
        yield return ("EventSpmvBlock", () => EventSpmvBlock.Multiply(pack, list, y.AsSpan(0, M)));
        yield return ("MaskedOuterProduct", () => MaskedOuterProduct.Accumulate(csr, xm, x, B, dValues));
        yield return ("Pointwise.Sigmoid", () => Pointwise.Sigmoid(theta, pointwise));
        yield return ("Pointwise.Tanh", () => Pointwise.Tanh(theta, pointwise));
        yield return ("Pointwise.EventStep", () => Pointwise.EventStep(theta, theta, pointwise, c));
        yield return ("Pointwise.TriangularSurrogate", () => Pointwise.TriangularSurrogate(theta, 3.6f, 3.6f, pointwise));
    }

    private static float[] Fill(Random rng, int length, double density)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = rng.NextDouble() < density ? (float)(rng.NextDouble() + 0.1) : 0f;
        }

        return values;
    }
}
