using BenchmarkDotNet.Attributes;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Sparse;
using MnSparse = MathNet.Numerics.LinearAlgebra.Single.SparseMatrix;
using MnVector = MathNet.Numerics.LinearAlgebra.Single.DenseVector;

namespace Sparsity.Benchmarks;

/// <summary>
/// Weight-sparse matrix–vector products against the dense GEMV baseline and MathNet's CSR product, on the
/// model's weight shapes at the magnitude-pruning sparsities of interest.
/// </summary>
[MemoryDiagnoser]
public class SpmvBench
{
    private DenseMatrix _dense = null!;
    private CsrMatrix _csr = null!;
    private CsrMatrix _csrT = null!;
    private BsrMatrix _bsr16x1 = null!;
    private MnSparse _mathNet = null!;
    private MnVector _mnX = null!;
    private MnVector _mnY = null!;
    private float[] _x = null!;
    private float[] _xT = null!;
    private float[] _y = null!;
    private float[] _yT = null!;

    /// <summary>Weight shape <c>M×K</c>.</summary>
    [Params("4050x1350", "1536x512", "1024x3072")]
    public string Shape { get; set; } = "1536x512";

    /// <summary>Fraction of weights pruned.</summary>
    [Params(0.5, 0.9, 0.95)]
    public double PrunedFraction { get; set; } = 0.9;

    /// <summary>Builds a magnitude-pruned random matrix of the requested shape and sparsity.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        int m = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int k = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Random(42);
        _dense = new DenseMatrix(m, k);
        Span<float> d = _dense.AsSpan();
        var array = new float[m, k];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                float v = rng.NextDouble() < PrunedFraction ? 0f : (float)(rng.NextDouble() * 2 - 1);
                d[i * k + j] = v;
                array[i, j] = v;
            }
        }

        _csr = CsrMatrix.FromDense(_dense);
        _csrT = _csr.Transpose();
        _bsr16x1 = BsrMatrix.FromDense(_dense, SparsityMask.FromMagnitude(_dense, 0f), 16, 1);
        _mathNet = MnSparse.OfArray(array);
        _x = new float[k];
        _xT = new float[m];
        for (int j = 0; j < k; j++)
        {
            _x[j] = (float)rng.NextDouble();
        }

        for (int i = 0; i < m; i++)
        {
            _xT[i] = (float)rng.NextDouble();
        }

        _y = new float[m];
        _yT = new float[k];
        _mnX = MnVector.OfArray(_x);
        _mnY = new MnVector(m);
    }

    /// <summary>Dense GEMV over the pruned matrix stored densely.</summary>
    [Benchmark(Baseline = true)]
    public void DenseGemv() => Kernels.Dense.DenseGemv.Multiply(_dense, _x, _y);

    /// <summary>CSR SpMV, selected variant.</summary>
    [Benchmark]
    public void SpmvCsr() => Kernels.Sparse.SpmvCsr.Multiply(_csr, _x, _y);

    /// <summary>BSR SpMV with 16×1 vertical blocks (same values, block-structured storage).</summary>
    [Benchmark]
    public void SpmvBsr16x1() => SpmvBsr.Multiply(_bsr16x1, _x, _y);

    /// <summary>Transposed product by CSR scatter (dense x, so no row is skipped).</summary>
    [Benchmark]
    public void SpmvCsrTransposedScatter() => SpmvCsrTransposed.Multiply(_csr, _xT, _yT);

    /// <summary>Transposed product as a forward CSR SpMV of the pre-transposed matrix.</summary>
    [Benchmark]
    public void SpmvCsrOfTranspose() => Kernels.Sparse.SpmvCsr.Multiply(_csrT, _xT, _yT);

    /// <summary>MathNet.Numerics sparse (CSR) matrix times dense vector, into a preallocated result.</summary>
    [Benchmark]
    public void MathNetSparse() => _mathNet.Multiply(_mnX, _mnY);
}
