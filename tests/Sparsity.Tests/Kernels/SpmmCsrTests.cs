using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class SpmmCsrTests
{
    private static readonly int[] Batches = [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 97];

    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.SpmmCsr);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeBatchesAndDensities_MatchesOracle(KernelVariant<SpmmCsrKernel> variant)
    {
        var rng = new Random(5);
        foreach (int batch in Batches)
        {
            foreach ((int m, int k) in new[] { (0, 5), (5, 0), (1, 1), (3, 17), (9, 8), (17, 33) })
            {
                foreach (double zeros in new[] { 0.0, 0.6, 1.0 })
                {
                    var a = CsrMatrix.FromDense(KernelData.Matrix(rng, m, k, zeroFraction: zeros));
                    Check(variant, a, batch, false, rng);
                    Check(variant, a, batch, true, rng);
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesSingleThread(KernelVariant<SpmmCsrKernel> variant)
    {
        var rng = new Random(6);
        var a = CsrMatrix.FromDense(KernelData.Matrix(rng, 203, 301, zeroFraction: 0.5));
        const int batch = 37;
        float[] x = KernelData.Vector(rng, batch * 301);
        var ws = new float[SpmmCsr.WorkspaceLength(301, batch)];
        var threaded = new float[batch * 203];
        SpmmCsr.Multiply(a, x, batch, threaded, ws, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new float[batch * 203];
            SpmmCsr.Multiply(a, x, batch, single, ws, variant: variant);
            Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [SparsityProperty(MaxTest = 40)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(CsrMatrix a, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        int batch = rng.Next(0, 40);
        foreach (var variant in KernelCatalog.SpmmCsr.SupportedVariants)
        {
            Check(variant, a, batch, accumulate, rng);
        }
    }

    [Test]
    public void Multiply_WrongLengthsOrOverlap_Throw()
    {
        var a = CsrMatrix.FromDense(new DenseMatrix(3, 4));
        var buffer = new float[64];
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmmCsr.Multiply(a, new float[7], 2, new float[6], new float[8]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => SpmmCsr.Multiply(a, new float[8], 2, new float[8], new float[8]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => SpmmCsr.Multiply(a, new float[8], 2, new float[6], new float[7]), Throws.ArgumentException.With.Property("ParamName").EqualTo("workspace"));
            Assert.That(() => SpmmCsr.Multiply(a, new float[8], -1, new float[6], new float[8]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SpmmCsr.Multiply(null!, new float[8], 2, new float[6], new float[8]), Throws.ArgumentNullException);
            Assert.That(() => SpmmCsr.Multiply(a, buffer.AsSpan(0, 8), 2, buffer.AsSpan(4, 6), new float[8]), Throws.ArgumentException.With.Message.Contains("overlap"));
            Assert.That(() => SpmmCsr.Multiply(a, buffer.AsSpan(0, 8), 2, new float[6], buffer.AsSpan(7, 8)), Throws.ArgumentException.With.Message.Contains("overlap"));
            Assert.That(() => SpmmCsr.Multiply(a, new float[8], 2, buffer.AsSpan(0, 6), buffer.AsSpan(5, 8)), Throws.ArgumentException.With.Message.Contains("overlap"));
            Assert.That(() => SpmmCsr.WorkspaceLength(-1, 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    private static void Check(KernelVariant<SpmmCsrKernel> variant, CsrMatrix a, int batch, bool accumulate, Random rng)
    {
        var x = KernelData.Matrix(rng, batch, a.Columns, zeroFraction: 0.2);
        float[] initial = accumulate ? KernelData.Vector(rng, batch * a.Rows) : new float[batch * a.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        var ws = new float[SpmmCsr.WorkspaceLength(a.Columns, batch) + 3];
        KernelAssert.Poison(ws);
        SpmmCsr.Multiply(a, x.AsSpan(), batch, y, ws, accumulate, variant);
        var expected = DenseOracle.MatMul(x, a.ToDense().Transpose());
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {a} B={batch} accumulate={accumulate}");
    }
}
