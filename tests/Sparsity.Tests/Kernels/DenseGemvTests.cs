using Sparsity.Core.Dense;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class DenseGemvTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.DenseGemv);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapes_MatchesOracle(KernelVariant<DenseGemvKernel> variant)
    {
        var rng = new Random(1);
        foreach (int m in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 17 })
        {
            foreach (int k in KernelData.EdgeSizes)
            {
                Check(variant, KernelData.Matrix(rng, m, k), rng, accumulate: false);
                Check(variant, KernelData.Matrix(rng, m, k), rng, accumulate: true);
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesOracleAndSingleThread(KernelVariant<DenseGemvKernel> variant)
    {
        var rng = new Random(2);
        var w = KernelData.Matrix(rng, 403, 701);
        float[] x = KernelData.Vector(rng, 701);
        Check(variant, w, x, accumulate: false);
        var threaded = new float[403];
        DenseGemv.Multiply(w, x, threaded, variant: variant);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new float[403];
            DenseGemv.Multiply(w, x, single, variant: variant);
            Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(DenseMatrix w, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        foreach (var variant in KernelCatalog.DenseGemv.SupportedVariants)
        {
            Check(variant, w, rng, accumulate);
        }
    }

    [Test]
    public void Multiply_WrongLengths_Throw()
    {
        var w = new DenseMatrix(3, 4);
        Assert.Multiple(() =>
        {
            Assert.That(() => DenseGemv.Multiply(w, new float[3], new float[3]), Throws.ArgumentException.With.Message.Contains("x"));
            Assert.That(() => DenseGemv.Multiply(w, new float[4], new float[4]), Throws.ArgumentException.With.Message.Contains("y"));
            Assert.That(() => DenseGemv.Multiply(new float[11], 3, 4, new float[4], new float[3]), Throws.ArgumentException.With.Message.Contains("w"));
            Assert.That(() => DenseGemv.Multiply(null!, new float[4], new float[3]), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Multiply_OutputOverlapsInput_Throws()
    {
        var buffer = new float[8];
        Assert.That(() => DenseGemv.Multiply(new float[16], 4, 4, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
    }

    private static void Check(KernelVariant<DenseGemvKernel> variant, DenseMatrix w, Random rng, bool accumulate) =>
        Check(variant, w, KernelData.Vector(rng, w.Columns, zeroFraction: 0.2), accumulate, KernelData.Vector(rng, w.Rows));

    private static void Check(KernelVariant<DenseGemvKernel> variant, DenseMatrix w, float[] x, bool accumulate, float[]? initial = null)
    {
        initial ??= new float[w.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        DenseGemv.Multiply(w, x, y, accumulate, variant);
        var expected = DenseOracle.MatVec(w, x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {w.Rows}×{w.Columns} accumulate={accumulate}");
    }
}
