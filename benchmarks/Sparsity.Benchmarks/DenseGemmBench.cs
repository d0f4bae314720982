using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using Sparsity.Kernels;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Benchmarks;

/// <summary>
/// Dense GEMV (N = 1) and batched GEMM <c>Y[N, M] = X[N, K] · Wᵀ</c> at the model's shapes: the dense baseline every
/// sparse kernel is measured against. Baseline: one <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per output.
/// </summary>
[MemoryDiagnoser]
public class DenseGemmBench
{
    private float[] _w = [];
    private float[] _x = [];
    private float[] _y = [];
    private Matrix<float> _mw = null!;
    private Matrix<float> _mx = null!;
    private Matrix<float> _my = null!;
    private Vector<float> _vx = null!;
    private Vector<float> _vy = null!;

    // Looked up once here: the catalogue's name lookup allocates, which would pollute the measured allocations.
    private readonly KernelVariant<DenseGemvKernel> _gemvScalar = KernelCatalog.DenseGemv["DenseGemv_Scalar"];
    private readonly KernelVariant<DenseGemmKernel> _gemmScalar = KernelCatalog.DenseGemm["DenseGemm_Scalar"];

    /// <summary>Benchmark shapes: N (batch rows; 1 = GEMV), M (outputs), K (inputs).</summary>
    public static IEnumerable<Shape> Shapes() =>
    [
        new(1, 4050, 1350), new(1, 1536, 512), new(1, 1024, 3072),
        new(32, 1350, 4050), new(64, 1350, 4050), new(32, 256, 768), new(64, 256, 768),
    ];

    /// <summary>The shape under test.</summary>
    [ParamsSource(nameof(Shapes))]
    public Shape Case { get; set; } = new(1, 1, 1);

    /// <summary>Fills the operands with seeded random values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _w = Enumerable.Range(0, Case.M * Case.K).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _x = Enumerable.Range(0, Case.N * Case.K).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        _y = new float[Case.N * Case.M];
        _mw = Matrix<float>.Build.Dense(Case.M, Case.K, (i, j) => _w[(i * Case.K) + j]);
        _mx = Matrix<float>.Build.Dense(Case.N, Case.K, (i, j) => _x[(i * Case.K) + j]);
        _my = Matrix<float>.Build.Dense(Case.N, Case.M);
        _vx = Vector<float>.Build.Dense(Case.K, j => _x[j]);
        _vy = Vector<float>.Build.Dense(Case.M);
    }

    /// <summary>One TensorPrimitives dot product per output element.</summary>
    [Benchmark(Baseline = true)]
    public void TensorPrimitivesDot()
    {
        int m = Case.M, k = Case.K;
        for (int n = 0; n < Case.N; n++)
        {
            ReadOnlySpan<float> xr = _x.AsSpan(n * k, k);
            for (int i = 0; i < m; i++)
            {
                _y[(n * m) + i] = TensorPrimitives.Dot(xr, _w.AsSpan(i * k, k));
            }
        }
    }

    /// <summary>Our kernel at the selected (widest supported) variant.</summary>
    [Benchmark]
    public void Ours()
    {
        if (Case.N == 1)
        {
            DenseGemv.Multiply(_w, Case.M, Case.K, _x, _y);
        }
        else
        {
            DenseGemm.Multiply(_x, Case.N, Case.K, _w, Case.M, _y);
        }
    }

    /// <summary>Our scalar fallback.</summary>
    [Benchmark]
    public void OursScalar()
    {
        if (Case.N == 1)
        {
            DenseGemv.Multiply(_w, Case.M, Case.K, _x, _y, variant: _gemvScalar);
        }
        else
        {
            DenseGemm.Multiply(_x, Case.N, Case.K, _w, Case.M, _y, variant: _gemmScalar);
        }
    }

    /// <summary>MathNet managed dense product (<c>W · x</c>, or <c>X · Wᵀ</c> for batches).</summary>
    [Benchmark]
    public void MathNet()
    {
        if (Case.N == 1)
        {
            _mw.Multiply(_vx, _vy);
        }
        else
        {
            _mx.TransposeAndMultiply(_mw, _my);
        }
    }

    /// <summary>A benchmark shape.</summary>
    /// <param name="N">Batch rows (1 = GEMV).</param>
    /// <param name="M">Outputs (rows of W).</param>
    /// <param name="K">Inputs (columns of W).</param>
    public sealed record Shape(int N, int M, int K)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{N}x{M}x{K}";
    }
}
