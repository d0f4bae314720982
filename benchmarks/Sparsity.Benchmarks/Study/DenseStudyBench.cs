using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Sparsity.Kernels.Dense;

namespace Sparsity.Benchmarks.Study;

/// <summary>
/// Study claim: the dense baselines. Our GEMV (B = 1) and GEMM (B = 32, 64) and a TensorPrimitives dot per output, at
/// every shape, hot and cold; the transposed GEMV; one and two threads on four shapes.
/// Targets: GEMV hot 470 / 171 / 42 µs at 4050×1350 / 1024×3072 / 1536×512, ≈ 30 GB/s cold; batch-32 GEMM ≥ 59–92 GFLOP/s.
/// </summary>
public class DenseStudyBench : StudyBenchBase
{
    private float[] _w = [];

    /// <summary>The cells of this class.</summary>
    /// <returns><see cref="StudyPlan.Dense"/>.</returns>
    public static IEnumerable<StudyCase> Cases() => StudyPlan.Dense;

    /// <summary>The case under test.</summary>
    [ParamsSource(nameof(Cases))]
    public StudyCase Case { get; set; } = StudyPlan.Dense[0];

    /// <inheritdoc/>
    protected override StudyCase CurrentCase => Case;

    /// <inheritdoc/>
    protected override void ReleaseOperands() => _w = [];

    /// <inheritdoc/>
    protected override Copy CreateCopy(StudyCase c, Random rng, bool first)
    {
        int m = c.M, k = c.K, b = c.Batch;
        if (first)
        {
            _w = StudyData.Weights(m, k, 0, WeightStructure.Unstructured, rng).Data;
        }

        float[] w = first ? _w : (float[])_w.Clone();
        bool transposed = c.Kernel == StudyKernel.DenseT;
        float[] x = StudyData.Activations(b, transposed ? m : k, 0, rng);
        float[] y = new float[b * (transposed ? k : m)];
        Action call = c.Kernel switch
        {
            StudyKernel.Dense when b == 1 => () => DenseGemv.Multiply(w, m, k, x, y),
            StudyKernel.Dense => () => DenseGemm.Multiply(x, b, k, w, m, y),
            StudyKernel.TpDot => () => TpDot(w, m, k, x, b, y),
            StudyKernel.DenseT => () => DenseGemvTransposed.Multiply(w, m, k, x, y),
            _ => throw new NotSupportedException($"{c.Kernel} is not a {nameof(DenseStudyBench)} kernel."),
        };
        double bytes = 4.0 * (((double)m * k) + ((double)b * k) + ((double)b * m));
        return new Copy(call, c.DenseMacs, bytes, bytes);
    }

    /// <summary>The TensorPrimitives reference: <c>Y[n, i] = Dot(X[n, :], W[i, :])</c>.</summary>
    private static void TpDot(float[] w, int m, int k, float[] x, int batch, float[] y)
    {
        for (int n = 0; n < batch; n++)
        {
            ReadOnlySpan<float> xr = x.AsSpan(n * k, k);
            Span<float> yr = y.AsSpan(n * m, m);
            for (int i = 0; i < m; i++)
            {
                yr[i] = TensorPrimitives.Dot(xr, w.AsSpan(i * k, k));
            }
        }
    }
}
