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

public class SpmvBsrTests
{
    private static readonly (int Rows, int Columns)[] Shapes = [(8, 1), (16, 1), (1, 8), (1, 16), (1, 1), (4, 1), (1, 4), (2, 2), (4, 4), (3, 5)];

    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.SpmvBsr);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapesBlockShapesAndDensities_MatchesOracleIgnoringPadding(KernelVariant<SpmvBsrKernel> variant)
    {
        var rng = new Random(7);
        foreach ((int br, int bc) in Shapes)
        {
            foreach (int m in new[] { 0, 1, 7, 8, 9, 16, 17, 33 })
            {
                foreach (int k in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 33 })
                {
                    foreach (double zeros in new[] { 0.0, 0.6, 1.0 })
                    {
                        var dense = KernelData.Matrix(rng, m, k, zeroFraction: zeros);
                        var a = BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, 0f), br, bc);
                        SparseGenerators.ForEachPadding(a, at => a.Values[at] = float.NaN); // padding must never be read
                        Check(variant, a, rng, false);
                        Check(variant, a, rng, true);
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_LargeEnoughForThreads_MatchesSingleThread(KernelVariant<SpmvBsrKernel> variant)
    {
        var rng = new Random(8);
        foreach ((int br, int bc) in new[] { (16, 1), (1, 16), (4, 4) })
        {
            var dense = KernelData.Matrix(rng, 501, 903, zeroFraction: 0.5);
            var a = BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, 0f), br, bc);
            float[] x = KernelData.Vector(rng, 903);
            var threaded = new float[501];
            SpmvBsr.Multiply(a, x, threaded, variant: variant);
            int saved = KernelThreads.MaxThreads;
            KernelThreads.MaxThreads = 1;
            try
            {
                var single = new float[501];
                SpmvBsr.Multiply(a, x, single, variant: variant);
                Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
            }
            finally
            {
                KernelThreads.MaxThreads = saved;
            }
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(BsrMatrix a, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        foreach (var variant in KernelCatalog.SpmvBsr.SupportedVariants)
        {
            Check(variant, a, rng, accumulate);
        }
    }

    [Test]
    public void Multiply_WrongLengthsOrOverlap_Throw()
    {
        var a = BsrMatrix.FromDense(new DenseMatrix(3, 4), SparsityMask.FromMagnitude(new DenseMatrix(3, 4), 0f), 2, 1);
        var square = BsrMatrix.FromDense(new DenseMatrix(4, 4), SparsityMask.FromMagnitude(new DenseMatrix(4, 4), 0f), 2, 1);
        var buffer = new float[8];
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmvBsr.Multiply(a, new float[3], new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => SpmvBsr.Multiply(a, new float[4], new float[4]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => SpmvBsr.Multiply(null!, new float[4], new float[3]), Throws.ArgumentNullException);
            Assert.That(() => SpmvBsr.Multiply(square, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
        });
    }

    private static void Check(KernelVariant<SpmvBsrKernel> variant, BsrMatrix a, Random rng, bool accumulate)
    {
        float[] x = KernelData.Vector(rng, a.Columns, zeroFraction: 0.2);
        float[] initial = accumulate ? KernelData.Vector(rng, a.Rows) : new float[a.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        SpmvBsr.Multiply(a, x, y, accumulate, variant);
        var expected = DenseOracle.MatVec(a.ToDense(), x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {a.BlockRows}×{a.BlockColumns} [{a.Rows}, {a.Columns}] accumulate={accumulate}");
    }
}
