using BenchmarkDotNet.Attributes;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Packing;

namespace Sparsity.Benchmarks;

/// <summary>
/// Event-driven products <c>y = W[:, active] · x[active]</c> against the dense GEMV baseline, over the EGRU layer
/// shapes, weight sparsity (unstructured for CSC and dense-Wt; whole 16×1 blocks for the block kernel) and
/// activity sparsity (fraction of inputs that did not fire).
/// </summary>
[MemoryDiagnoser]
public class EventSpmvBench
{
    private DenseMatrix _w = null!;
    private DenseMatrix _wt = null!;
    private CscMatrix _csc = null!;
    private BlockColumnPack _blocks = null!;
    private float[] _x = null!;
    private float[] _y = null!;
    private EventList _events = null!;

    /// <summary>Weight shape <c>M×K</c>.</summary>
    [Params("4050x1350", "1536x512")]
    public string Shape { get; set; } = "1536x512";

    /// <summary>Fraction of weights pruned.</summary>
    [Params(0.0, 0.9)]
    public double WeightSparsity { get; set; }

    /// <summary>Fraction of inputs that are zero (did not fire).</summary>
    [Params(0.5, 0.9, 0.95)]
    public double ActivitySparsity { get; set; }

    /// <summary>Builds seeded weights in every format and the events of a seeded activation vector.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split('x');
        int m = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int k = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Random(42);
        var w = new float[m * k];
        var wBlock = new float[m * k];
        for (int j = 0; j < k; j++)
        {
            for (int r0 = 0; r0 < m; r0 += 16)
            {
                bool keepBlock = rng.NextDouble() >= WeightSparsity;
                for (int i = r0; i < Math.Min(m, r0 + 16); i++)
                {
                    float v = (float)(rng.NextDouble() * 2 - 1);
                    w[i * k + j] = rng.NextDouble() >= WeightSparsity ? v : 0f;
                    wBlock[i * k + j] = keepBlock ? v : 0f;
                }
            }
        }

        _w = new DenseMatrix(m, k, w);
        _wt = _w.Transpose();
        _csc = CscMatrix.FromDense(_w);
        _blocks = BlockColumnPack.FromCsr(CsrMatrix.FromDense(new DenseMatrix(m, k, wBlock)), 16);
        _x = new float[k];
        for (int j = 0; j < k; j++)
        {
            _x[j] = rng.NextDouble() >= ActivitySparsity ? (float)rng.NextDouble() : 0f;
        }

        _y = new float[m];
        _events = new EventList(k);
        EventExtraction.Extract(_x, _events);
    }

    /// <summary>Dense GEMV over all of W and x.</summary>
    [Benchmark(Baseline = true)]
    public void DenseGemv() => Sparsity.Kernels.Dense.DenseGemv.Multiply(_w, _x, _y);

    /// <summary>Event extraction plus the event product over transposed dense weights.</summary>
    [Benchmark]
    public void EventDenseWt()
    {
        EventExtraction.Extract(_x, _events);
        EventGemvDense.Multiply(_wt, _events, _y);
    }

    /// <summary>Event extraction plus the unstructured CSC event product.</summary>
    [Benchmark]
    public void EventCsc()
    {
        EventExtraction.Extract(_x, _events);
        EventSpmvCsc.Multiply(_csc, _events, _y);
    }

    /// <summary>Event extraction plus the 16×1 block event product.</summary>
    [Benchmark]
    public void EventBlock16()
    {
        EventExtraction.Extract(_x, _events);
        EventSpmvBlock.Multiply(_blocks, _events, _y);
    }
}
