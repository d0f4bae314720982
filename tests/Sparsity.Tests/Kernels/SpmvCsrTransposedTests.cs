using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class SpmvCsrTransposedTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.SpmvCsrTransposed);

    /// <summary>Event patterns of an input of length n: none fired, one fired, all fired, random.</summary>
    internal static IEnumerable<float[]> EventInputs(Random rng, int n)
    {
        yield return new float[n];
        if (n > 0)
        {
            var one = new float[n];
            one[rng.Next(n)] = 1.5f;
            yield return one;
        }

        yield return KernelData.Vector(rng, n);
        yield return KernelData.Vector(rng, n, zeroFraction: 0.7);
    }

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapesAndEvents_MatchesOracle(KernelVariant<SpmvCsrTransposedKernel> variant)
    {
        var rng = new Random(3);
        foreach (int m in new[] { 0, 1, 3, 8, 9, 17 })
        {
            foreach (int k in KernelData.EdgeSizes)
            {
                foreach (double zeros in new[] { 0.0, 0.6, 1.0 })
                {
                    var a = CsrMatrix.FromDense(KernelData.Matrix(rng, m, k, zeroFraction: zeros));
                    foreach (float[] x in EventInputs(rng, m))
                    {
                        Check(variant, a, x, false, rng);
                        Check(variant, a, x, true, rng);
                    }
                }
            }
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(CsrMatrix a, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        foreach (var variant in KernelCatalog.SpmvCsrTransposed.SupportedVariants)
        {
            Check(variant, a, KernelData.Vector(rng, a.Rows, zeroFraction: 0.5), accumulate, rng);
        }
    }

    [Test]
    public void Multiply_WrongLengthsOrOverlap_Throw()
    {
        var a = CsrMatrix.FromDense(new DenseMatrix(3, 4));
        var square = CsrMatrix.FromDense(new DenseMatrix(4, 4));
        var buffer = new float[8];
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmvCsrTransposed.Multiply(a, new float[4], new float[4]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => SpmvCsrTransposed.Multiply(a, new float[3], new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => SpmvCsrTransposed.Multiply(null!, new float[3], new float[4]), Throws.ArgumentNullException);
            Assert.That(() => SpmvCsrTransposed.Multiply(square, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
        });
    }

    private static void Check(KernelVariant<SpmvCsrTransposedKernel> variant, CsrMatrix a, float[] x, bool accumulate, Random rng)
    {
        float[] initial = accumulate ? KernelData.Vector(rng, a.Columns) : new float[a.Columns];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        SpmvCsrTransposed.Multiply(a, x, y, accumulate, variant);
        var expected = DenseOracle.MatTVec(a.ToDense(), x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {a} accumulate={accumulate}");
    }
}
