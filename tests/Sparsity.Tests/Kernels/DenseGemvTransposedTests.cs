using Sparsity.Core.Dense;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class DenseGemvTransposedTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.DenseGemvTransposed);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapes_MatchesOracle(KernelVariant<DenseGemvTransposedKernel> variant)
    {
        var rng = new Random(1);
        foreach (int m in new[] { 0, 1, 3, 7, 8, 9, 17 })
        {
            foreach (int k in KernelData.EdgeSizes)
            {
                foreach (double zeros in new[] { 0.0, 0.5, 1.0 })
                {
                    var w = KernelData.Matrix(rng, m, k);
                    float[] x = KernelData.Vector(rng, m, zeroFraction: zeros);
                    Check(variant, w, x, accumulate: false);
                    Check(variant, w, x, accumulate: true, KernelData.Vector(rng, k));
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_ZeroInputRowHoldsNaN_RowIsSkipped(KernelVariant<DenseGemvTransposedKernel> variant)
    {
        var w = new DenseMatrix(2, 17);
        w.AsSpan().Slice(0, 17).Fill(float.NaN);
        w.AsSpan().Slice(17).Fill(2f);
        var y = new float[17];
        KernelAssert.Poison(y);
        DenseGemvTransposed.Multiply(w, [0f, 3f], y, variant: variant);
        Assert.That(y, Is.All.EqualTo(6f));
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesOracleAndSingleThread(KernelVariant<DenseGemvTransposedKernel> variant)
    {
        var rng = new Random(2);
        var w = KernelData.Matrix(rng, 401, 1003);
        float[] x = KernelData.Vector(rng, 401, zeroFraction: 0.3);
        Check(variant, w, x, accumulate: false);
        var threaded = new float[1003];
        DenseGemvTransposed.Multiply(w, x, threaded, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new float[1003];
            DenseGemvTransposed.Multiply(w, x, single, variant: variant);
            Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [Test]
    public void Multiply_WrongLengths_Throw()
    {
        var w = new DenseMatrix(3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => DenseGemvTransposed.Multiply(w, new float[4], new float[4]), Throws.ArgumentException.With.Message.Contains("x"));
            Assert.That(() => DenseGemvTransposed.Multiply(w, new float[3], new float[3]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => DenseGemvTransposed.Multiply(new float[11], 3, 4, new float[3], new float[4]), Throws.ArgumentException.With.Message.Contains("w"));
            Assert.That(() => DenseGemvTransposed.Multiply(null!, new float[3], new float[4]), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Multiply_OutputOverlapsInput_Throws()
    {
        var buffer = new float[8];
        Assert.That(() => DenseGemvTransposed.Multiply(new float[16], 4, 4, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
    }

    private static void Check(KernelVariant<DenseGemvTransposedKernel> variant, DenseMatrix w, float[] x, bool accumulate, float[]? initial = null)
    {
        initial ??= new float[w.Columns];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        DenseGemvTransposed.Multiply(w, x, y, accumulate, variant);
        var expected = DenseOracle.MatTVec(w, x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {w.Rows}×{w.Columns} accumulate={accumulate}");
    }
}
