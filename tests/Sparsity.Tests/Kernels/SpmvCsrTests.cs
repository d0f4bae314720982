using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class SpmvCsrTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.SpmvCsr);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapesAndDensities_MatchesOracle(KernelVariant<SpmvCsrKernel> variant)
    {
        var rng = new Random(1);
        foreach (int m in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 17 })
        {
            foreach (int k in KernelData.EdgeSizes)
            {
                foreach (double zeros in new[] { 0.0, 0.6, 1.0 })
                {
                    var a = CsrMatrix.FromDense(KernelData.Matrix(rng, m, k, zeroFraction: zeros));
                    Check(variant, a, rng, accumulate: false);
                    Check(variant, a, rng, accumulate: true);
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesOracleAndSingleThread(KernelVariant<SpmvCsrKernel> variant)
    {
        var rng = new Random(2);
        var a = CsrMatrix.FromDense(KernelData.Matrix(rng, 403, 1701, zeroFraction: 0.5));
        float[] x = KernelData.Vector(rng, 1701);
        Check(variant, a, x, accumulate: false);
        var threaded = new float[403];
        SpmvCsr.Multiply(a, x, threaded, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new float[403];
            SpmvCsr.Multiply(a, x, single, variant: variant);
            Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(CsrMatrix a, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        foreach (var variant in KernelCatalog.SpmvCsr.SupportedVariants)
        {
            Check(variant, a, rng, accumulate);
        }
    }

    [Test]
    public void Multiply_WrongLengthsOrOverlap_Throw()
    {
        var a = CsrMatrix.FromDense(new Sparsity.Core.Dense.DenseMatrix(3, 4));
        var buffer = new float[8];
        var square = CsrMatrix.FromDense(new Sparsity.Core.Dense.DenseMatrix(4, 4));
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmvCsr.Multiply(a, new float[3], new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => SpmvCsr.Multiply(a, new float[4], new float[4]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => SpmvCsr.Multiply(null!, new float[4], new float[3]), Throws.ArgumentNullException);
            Assert.That(() => SpmvCsr.Multiply(square, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
        });
    }

    private static void Check(KernelVariant<SpmvCsrKernel> variant, CsrMatrix a, Random rng, bool accumulate) =>
        Check(variant, a, KernelData.Vector(rng, a.Columns, zeroFraction: 0.2), accumulate, KernelData.Vector(rng, a.Rows));

    private static void Check(KernelVariant<SpmvCsrKernel> variant, CsrMatrix a, float[] x, bool accumulate, float[]? initial = null)
    {
        initial ??= new float[a.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        SpmvCsr.Multiply(a, x, y, accumulate, variant);
        var expected = DenseOracle.MatVec(a.ToDense(), x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {a} accumulate={accumulate}");
    }
}
