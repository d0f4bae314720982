using Sparsity.Core.Sparse;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Threading;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Kernels;

public class MaskedOuterProductTests
{
    [Test]
    public void Accumulate_CsrEdgeShapes_MatchesOracle()
    {
        var rng = new Random(1);
        foreach (int n in new[] { 0, 1, 3 })
        {
            foreach (int m in new[] { 0, 1, 7, 8, 9, 17 })
            {
                foreach (int k in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33 })
                {
                    foreach (double density in new[] { 0.0, 0.3, 1.0 })
                    {
                        var csr = CsrMatrix.FromDense(KernelData.Matrix(rng, m, k, zeroFraction: 1.0 - density));
                        CheckCsr(csr, n, rng, dyZeros: 0.5);
                    }
                }
            }
        }
    }

    [Test]
    public void Accumulate_BsrEdgeShapes_MatchesOracleAndLeavesPadding()
    {
        var rng = new Random(2);
        foreach ((int br, int bc) in new[] { (1, 1), (4, 1), (16, 1), (1, 8), (2, 3) })
        {
            foreach (int m in new[] { 0, 1, 7, 9, 17 })
            {
                foreach (int k in new[] { 0, 1, 8, 9, 17, 33 })
                {
                    var dense = KernelData.Matrix(rng, m, k, zeroFraction: 0.6);
                    var bsr = BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, 0f), br, bc);
                    CheckBsr(bsr, 1 + (m % 3), rng);
                }
            }
        }
    }

    [SparsityProperty(MaxTest = 60)]
    public void Accumulate_RandomCsr_MatchesOracle(CsrMatrix csr, int seed)
    {
        var rng = new Random(seed);
        CheckCsr(csr, 1 + (Math.Abs(seed) % 4), rng, dyZeros: 0.3);
    }

    [SparsityProperty(MaxTest = 60)]
    public void Accumulate_RandomBsr_MatchesOracle(BsrMatrix bsr, int seed)
    {
        var rng = new Random(seed);
        CheckBsr(bsr, 1 + (Math.Abs(seed) % 4), rng);
    }

    [Test]
    public void Accumulate_LargeEnoughForThreads_SameAsSingleThread()
    {
        var rng = new Random(3);
        var csr = CsrMatrix.FromDense(KernelData.Matrix(rng, 301, 257, zeroFraction: 0.5));
        float[] dy = KernelData.Vector(rng, 16 * 301, zeroFraction: 0.3);
        float[] x = KernelData.Vector(rng, 16 * 257);
        var threaded = new float[csr.Nnz];
        MaskedOuterProduct.Accumulate(csr, dy, x, 16, threaded);
        int saved = KernelThreads.MaxThreads;
        KernelThreads.MaxThreads = 1;
        try
        {
            var single = new float[csr.Nnz];
            MaskedOuterProduct.Accumulate(csr, dy, x, 16, single);
            Assert.That(threaded, Is.EqualTo(single), "results must not depend on the thread count");
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }
    }

    [Test]
    public void Accumulate_WrongLengths_Throw()
    {
        var csr = CsrMatrix.FromDense(KernelData.Matrix(new Random(4), 3, 4));
        Assert.Multiple(() =>
        {
            Assert.That(() => MaskedOuterProduct.Accumulate(csr, new float[5], new float[8], 2, new float[csr.Nnz]), Throws.ArgumentException.With.Message.Contains("dy"));
            Assert.That(() => MaskedOuterProduct.Accumulate(csr, new float[6], new float[7], 2, new float[csr.Nnz]), Throws.ArgumentException.With.Message.Contains("x"));
            Assert.That(() => MaskedOuterProduct.Accumulate(csr, new float[6], new float[8], 2, new float[csr.Nnz + 1]), Throws.ArgumentException.With.Message.Contains("dValues"));
            Assert.That(() => MaskedOuterProduct.Accumulate((CsrMatrix)null!, new float[6], new float[8], 2, new float[csr.Nnz]), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void Accumulate_OutputOverlapsInput_Throws()
    {
        var csr = CsrMatrix.FromDense(KernelData.Matrix(new Random(5), 2, 2));
        var buffer = new float[8];
        Assert.That(() => MaskedOuterProduct.Accumulate(csr, buffer.AsSpan(0, 2), new float[2], 1, buffer.AsSpan(1, 4)), Throws.ArgumentException.With.Message.Contains("overlap"));
    }

    private static void CheckCsr(CsrMatrix csr, int samples, Random rng, double dyZeros)
    {
        float[] dy = KernelData.Vector(rng, samples * csr.Rows, zeroFraction: dyZeros);
        float[] x = KernelData.Vector(rng, samples * csr.Columns);
        float[] initial = KernelData.Vector(rng, csr.Nnz);
        var dv = (float[])initial.Clone();
        MaskedOuterProduct.Accumulate(csr, dy, x, samples, dv);
        KernelAssert.Close(GradientOracle.MaskedOuter(csr, dy, x, samples).Plus(initial), dv, $"CSR {csr.Rows}×{csr.Columns} nnz {csr.Nnz} N {samples}");
    }

    private static void CheckBsr(BsrMatrix bsr, int samples, Random rng)
    {
        float[] dy = KernelData.Vector(rng, samples * bsr.Rows, zeroFraction: 0.3);
        float[] x = KernelData.Vector(rng, samples * bsr.Columns);
        float[] initial = KernelData.Vector(rng, bsr.Values.Length);
        var dv = (float[])initial.Clone();
        MaskedOuterProduct.Accumulate(bsr, dy, x, samples, dv);
        KernelAssert.Close(GradientOracle.MaskedOuter(bsr, dy, x, samples, padding: 0f).Plus(initial), dv, $"BSR {bsr.Rows}×{bsr.Columns} blocks {bsr.BlockRows}×{bsr.BlockColumns} N {samples}");
    }
}
