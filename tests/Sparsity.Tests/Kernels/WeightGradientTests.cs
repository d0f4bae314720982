using Sparsity.Core.Dense;
using Sparsity.Kernels;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class WeightGradientTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.WeightGradient);

    [TestCaseSource(nameof(Variants))]
    public void Accumulate_EdgeShapes_MatchesOracle(KernelVariant<WeightGradientKernel> variant)
    {
        var rng = new Random(1);
        foreach (int n in new[] { 0, 1, 2, 5 })
        {
            foreach (int m in new[] { 0, 1, 3, 8, 9 })
            {
                foreach (int k in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65 })
                {
                    foreach (double zeros in new[] { 0.0, 0.7, 1.0 })
                    {
                        Check(variant, KernelData.Matrix(rng, n, m, zeroFraction: zeros), KernelData.Matrix(rng, n, k), rng, accumulate: false);
                        Check(variant, KernelData.Matrix(rng, n, m, zeroFraction: zeros), KernelData.Matrix(rng, n, k), rng, accumulate: true);
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Accumulate_LargeEnoughForThreads_MatchesOracleAndSingleThread(KernelVariant<WeightGradientKernel> variant)
    {
        var rng = new Random(2);
        var dy = KernelData.Matrix(rng, 23, 211, zeroFraction: 0.5);
        var x = KernelData.Matrix(rng, 23, 301);
        Check(variant, dy, x, rng, accumulate: true);
        var threaded = new DenseMatrix(211, 301);
        WeightGradient.Accumulate(dy, x, threaded, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new DenseMatrix(211, 301);
            WeightGradient.Accumulate(dy, x, single, variant: variant);
            Assert.That(threaded.AsSpan().ToArray(), Is.EqualTo(single.AsSpan().ToArray()), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [Test]
    public void Accumulate_WrongShapes_Throw()
    {
        var dy = new DenseMatrix(2, 3);
        var x = new DenseMatrix(2, 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => WeightGradient.Accumulate(dy, new DenseMatrix(3, 4), new DenseMatrix(3, 4)), Throws.ArgumentException.With.Message.Contains("x"));
            Assert.That(() => WeightGradient.Accumulate(dy, x, new DenseMatrix(2, 4)), Throws.ArgumentException.With.Message.Contains("dw"));
            Assert.That(() => WeightGradient.Accumulate(dy, x, new DenseMatrix(3, 5)), Throws.ArgumentException.With.Message.Contains("dw"));
            Assert.That(() => WeightGradient.Accumulate(new float[5], 2, 3, new float[8], 4, new float[12]), Throws.ArgumentException.With.Message.Contains("dy"));
            Assert.That(() => WeightGradient.Accumulate(null!, x, new DenseMatrix(3, 4)), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Accumulate_OutputOverlapsInput_Throws()
    {
        var buffer = new float[16];
        Assert.That(() => WeightGradient.Accumulate(new float[4], 2, 2, buffer.AsSpan(0, 4), 2, buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
    }

    private static void Check(KernelVariant<WeightGradientKernel> variant, DenseMatrix dy, DenseMatrix x, Random rng, bool accumulate)
    {
        float[] initial = accumulate ? KernelData.Vector(rng, dy.Columns * x.Columns) : new float[dy.Columns * x.Columns];
        var dw = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(dw);
        }

        WeightGradient.Accumulate(dy.AsSpan(), dy.Rows, dy.Columns, x.AsSpan(), x.Columns, dw, accumulate, variant);
        var expected = DenseOracle.MatMul(dy.Transpose(), x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, dw, $"{variant.Name} dy {dy.Rows}×{dy.Columns} x {x.Columns} accumulate={accumulate}");
    }
}
