using Sparsity.Core.Conversions;
using Sparsity.Core.Dense;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class DenseGemmTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.DenseGemm);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapes_MatchesOracle(KernelVariant<DenseGemmKernel> variant)
    {
        var rng = new Random(1);
        foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 9 })
        {
            foreach (int m in new[] { 0, 1, 3, 4, 5, 8, 9 })
            {
                foreach (int k in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 65 })
                {
                    Check(variant, KernelData.Matrix(rng, n, k, zeroFraction: 0.2), KernelData.Matrix(rng, m, k), rng, accumulate: false);
                    Check(variant, KernelData.Matrix(rng, n, k), KernelData.Matrix(rng, m, k), rng, accumulate: true);
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesOracleAndSingleThread(KernelVariant<DenseGemmKernel> variant)
    {
        var rng = new Random(2);
        var x = KernelData.Matrix(rng, 37, 131);
        var w = KernelData.Matrix(rng, 103, 131);
        Check(variant, x, w, rng, accumulate: false);
        var threaded = new DenseMatrix(37, 103);
        DenseGemm.Multiply(x, w, threaded, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new DenseMatrix(37, 103);
            DenseGemm.Multiply(x, w, single, variant: variant);
            Assert.That(threaded.AsSpan().ToArray(), Is.EqualTo(single.AsSpan().ToArray()), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [Test]
    public void Multiply_WrongShapes_Throw()
    {
        var x = new DenseMatrix(2, 4);
        var w = new DenseMatrix(3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => DenseGemm.Multiply(x, new DenseMatrix(3, 5), new DenseMatrix(2, 3)), Throws.ArgumentException.With.Message.Contains("w"));
            Assert.That(() => DenseGemm.Multiply(x, w, new DenseMatrix(3, 3)), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => DenseGemm.Multiply(x, w, new DenseMatrix(2, 2)), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => DenseGemm.Multiply(new float[7], 2, 4, new float[12], 3, new float[6]), Throws.ArgumentException.With.Message.Contains("x"));
            Assert.That(() => DenseGemm.Multiply(null!, w, new DenseMatrix(2, 3)), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Multiply_OutputOverlapsInput_Throws()
    {
        var buffer = new float[16];
        Assert.That(() => DenseGemm.Multiply(buffer.AsSpan(0, 4), 2, 2, new float[4], 2, buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
    }

    private static void Check(KernelVariant<DenseGemmKernel> variant, DenseMatrix x, DenseMatrix w, Random rng, bool accumulate)
    {
        float[] initial = accumulate ? KernelData.Vector(rng, x.Rows * w.Rows) : new float[x.Rows * w.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        DenseGemm.Multiply(x.AsSpan(), x.Rows, x.Columns, w.AsSpan(), w.Rows, y, accumulate, variant);
        var expected = DenseOracle.MatMul(x, w.Transpose());
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {x.Rows}×{x.Columns}·({w.Rows}×{w.Columns})ᵀ accumulate={accumulate}");
    }
}
