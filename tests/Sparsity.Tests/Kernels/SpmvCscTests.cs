using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class SpmvCscTests
{
    private static IEnumerable<TestCaseData> Variants() => KernelCases.Of(KernelCatalog.SpmvCsc);

    [TestCaseSource(nameof(Variants))]
    public void Multiply_EdgeShapesAndEvents_MatchesOracle(KernelVariant<SpmvCscKernel> variant)
    {
        var rng = new Random(4);
        foreach (int m in KernelData.EdgeSizes)
        {
            foreach (int k in new[] { 0, 1, 3, 8, 9, 17 })
            {
                foreach (double zeros in new[] { 0.0, 0.6, 1.0 })
                {
                    var a = CscMatrix.FromDense(KernelData.Matrix(rng, m, k, zeroFraction: zeros));
                    foreach (float[] x in SpmvCsrTransposedTests.EventInputs(rng, k))
                    {
                        Check(variant, a, x, false, rng);
                        Check(variant, a, x, true, rng);
                    }
                }
            }
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Multiply_RandomMatrices_EveryVariantMatchesOracle(CscMatrix a, int seed, bool accumulate)
    {
        var rng = new Random(seed);
        foreach (var variant in KernelCatalog.SpmvCsc.SupportedVariants)
        {
            Check(variant, a, KernelData.Vector(rng, a.Columns, zeroFraction: 0.5), accumulate, rng);
        }
    }

    [Test]
    public void Multiply_WrongLengthsOrOverlap_Throw()
    {
        var a = CscMatrix.FromDense(new DenseMatrix(3, 4));
        var square = CscMatrix.FromDense(new DenseMatrix(4, 4));
        var buffer = new float[8];
        Assert.Multiple(() =>
        {
            Assert.That(() => SpmvCsc.Multiply(a, new float[3], new float[3]), Throws.ArgumentException.With.Property("ParamName").EqualTo("x"));
            Assert.That(() => SpmvCsc.Multiply(a, new float[4], new float[4]), Throws.ArgumentException.With.Property("ParamName").EqualTo("y"));
            Assert.That(() => SpmvCsc.Multiply(null!, new float[4], new float[3]), Throws.ArgumentNullException);
            Assert.That(() => SpmvCsc.Multiply(square, buffer.AsSpan(0, 4), buffer.AsSpan(2, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
        });
    }

    private static void Check(KernelVariant<SpmvCscKernel> variant, CscMatrix a, float[] x, bool accumulate, Random rng)
    {
        float[] initial = accumulate ? KernelData.Vector(rng, a.Rows) : new float[a.Rows];
        var y = (float[])initial.Clone();
        if (!accumulate)
        {
            KernelAssert.Poison(y);
        }

        SpmvCsc.Multiply(a, x, y, accumulate, variant);
        var expected = DenseOracle.MatVec(a.ToDense(), x);
        KernelAssert.Close(accumulate ? expected.Plus(initial) : expected, y, $"{variant.Name} {a} accumulate={accumulate}");
    }
}
