using BenchmarkDotNet.Attributes;
using Sparsity.Core.Sparse;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Benchmarks;

/// <summary>
/// One training window (T = 35) of a recurrent layer, forward and backward timed separately, at I = H with dense
/// inputs (an embedding-fed first layer): the EGRU with <see cref="LayerExecution.Sparse"/> (event-driven products),
/// the same EGRU with every product dense, and the dense LSTM baseline of the same size. The EGRU's thresholds are
/// set to one common value, found by bisection in setup, that makes about 10 % of its outputs nonzero (activity
/// sparsity ≈ 90 %); setup prints the measured activity. Weights are dense (no pruning), except for
/// <see cref="LayerKind.LstmPruned90"/>: the LSTM with 90 % of W and R magnitude-pruned, in Sparse execution (CSR
/// kernels). Shapes: H ∈ {256, 512} × B ∈ {1, 64}, plus H = 1350 (the paper's width) at B = 1 only, to keep the run short.
/// </summary>
[MemoryDiagnoser]
public class RecurrentLayerBench
{
    /// <summary>Steps per window.</summary>
    public const int Steps = 35;

    /// <summary>The fraction of nonzero EGRU outputs the thresholds are tuned to.</summary>
    public const double TargetActivity = 0.10;

    private IRecurrentLayer _layer = null!;
    private RecurrentState _initial = null!;
    private RecurrentState _state = null!;
    private RecurrentCache _cache = null!;
    private float[] _x = null!;
    private float[] _y = null!;
    private float[] _dy = null!;
    private float[] _dx = null!;

    /// <summary>The layers compared.</summary>
    public enum LayerKind
    {
        /// <summary>EGRU, event-driven products (<see cref="LayerExecution.Sparse"/>).</summary>
        EgruSparse,

        /// <summary>The same EGRU with every product dense (<see cref="LayerExecution.Dense"/>).</summary>
        EgruDense,

        /// <summary>
        /// EGRU as a layer above another EGRU: its input is events too (90 % zeros, the activity the thresholds are
        /// tuned to), so the input projection runs event-driven as well.
        /// </summary>
        EgruSparseEventInput,

        /// <summary>The same layer and input with every product dense.</summary>
        EgruDenseEventInput,

        /// <summary>The dense LSTM baseline.</summary>
        Lstm,

        /// <summary>The LSTM with 90 % of W and R magnitude-pruned, Sparse execution.</summary>
        LstmPruned90,
    }

    /// <summary>Which layer runs.</summary>
    [Params(LayerKind.EgruSparse, LayerKind.EgruDense, LayerKind.EgruSparseEventInput, LayerKind.EgruDenseEventInput, LayerKind.Lstm, LayerKind.LstmPruned90)]
    public LayerKind Layer { get; set; }

    /// <summary>H (= I) and B.</summary>
    [ParamsSource(nameof(Shapes))]
    public LayerShape Shape { get; set; } = new(256, 1);

    /// <summary>The shapes measured.</summary>
    public static IEnumerable<LayerShape> Shapes => [new(256, 1), new(256, 64), new(512, 1), new(512, 64), new(1350, 1)];

    private int Hidden => Shape.Hidden;

    private int Batch => Shape.Batch;

    /// <summary>Builds a seeded layer, inputs and output gradient, and records one window for the backward benchmark.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _x = Uniform(rng, Steps * Batch * Hidden);
        _dy = Uniform(rng, Steps * Batch * Hidden);
        _y = new float[_dy.Length];
        _dx = new float[_x.Length];
        _initial = new RecurrentState(Batch, Hidden);
        _state = new RecurrentState(Batch, Hidden);
        _layer = Layer switch
        {
            LayerKind.EgruSparse => CreateEgru(rng, LayerExecution.Sparse, eventInput: false),
            LayerKind.EgruDense => CreateEgru(rng, LayerExecution.Dense, eventInput: false),
            LayerKind.EgruSparseEventInput => CreateEgru(rng, LayerExecution.Sparse, eventInput: true),
            LayerKind.EgruDenseEventInput => CreateEgru(rng, LayerExecution.Dense, eventInput: true),
            LayerKind.Lstm => CreateLstm(rng, prunedFraction: 0.0),
            LayerKind.LstmPruned90 => CreateLstm(rng, prunedFraction: 0.9),
            _ => throw new InvalidOperationException($"Unknown layer {Layer}."),
        };
        _layer.Statistics.Reset();
        Forward();
        Backward();
        LayerStatistics s = _layer.Statistics;
        Console.WriteLine($"// {Layer} H={Hidden} B={Batch}: activity {s.Activity:F4}, forward MACs {s.ForwardMacs:N0} of {s.DenseForwardMacs:N0} dense");
        if (!_y.All(float.IsFinite) || !_dx.All(float.IsFinite))
        {
            throw new InvalidOperationException("The layer produced a non-finite output or input gradient.");
        }
    }

    /// <summary>Forward over one window from the same (zero) initial state.</summary>
    [Benchmark]
    public void Forward()
    {
        _state.CopyFrom(_initial);
        _layer.Forward(_x, Steps, _state, _y, _cache);
    }

    /// <summary>Backward over the recorded window (gradients accumulate; dx is overwritten).</summary>
    [Benchmark]
    public void Backward() => _layer.Backward(_cache, _dy, _dx);

    private Lstm CreateLstm(Random rng, double prunedFraction)
    {
        var lstm = new Lstm(Hidden, Hidden) { Execution = LayerExecution.Sparse };
        lstm.Initialize(rng);
        if (prunedFraction > 0)
        {
            foreach (Parameter p in new[] { lstm.W, lstm.R })
            {
                // Magnitude pruning: keep the entries above the prunedFraction quantile of |w|.
                float[] magnitudes = p.Value.Select(Math.Abs).ToArray();
                Array.Sort(magnitudes);
                float threshold = magnitudes[(int)(prunedFraction * (magnitudes.Length - 1))];
                p.Mask = SparsityMask.FromMagnitude(p.AsMatrix(), threshold);
            }
        }

        _cache = lstm.CreateCache(Steps, Batch);
        return lstm;
    }

    private Egru CreateEgru(Random rng, LayerExecution execution, bool eventInput)
    {
        if (eventInput)
        {
            for (int i = 0; i < _x.Length; i++)
            {
                _x[i] = rng.NextDouble() < TargetActivity ? _x[i] : 0f;
            }
        }

        var egru = new Egru(Hidden, Hidden, new EgruOptions { SparseInput = eventInput });
        egru.Initialize(rng);
        _cache = egru.CreateCache(Steps, Batch);

        // Bisection on one common θ ∈ [0, 1] (activity falls as θ rises), always in Dense execution so that the
        // sparse and dense EGRU get the very same thresholds.
        egru.Execution = LayerExecution.Dense;
        float lo = 0f, hi = 1f;
        for (int iteration = 0; iteration < 14; iteration++)
        {
            float mid = 0.5f * (lo + hi);
            Array.Fill(egru.Theta.Value, mid);
            egru.Statistics.Reset();
            _state.CopyFrom(_initial);
            egru.Forward(_x, Steps, _state, _y, _cache);
            if (egru.Statistics.Activity > TargetActivity)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        Array.Fill(egru.Theta.Value, hi);
        egru.InvalidateWeightCopies();
        egru.Execution = execution;
        Console.WriteLine($"// EGRU H={Hidden} B={Batch}: θ = {hi:F4} for target activity {TargetActivity}");
        return egru;
    }

    private static float[] Uniform(Random rng, int n)
    {
        var a = new float[n];
        for (int k = 0; k < n; k++)
        {
            a[k] = (float)((2 * rng.NextDouble()) - 1);
        }

        return a;
    }
}

/// <summary>A layer size and batch for <see cref="RecurrentLayerBench"/>.</summary>
/// <param name="Hidden">H (= I).</param>
/// <param name="Batch">B.</param>
public sealed record LayerShape(int Hidden, int Batch)
{
    /// <inheritdoc/>
    public override string ToString() => $"H{Hidden}xB{Batch}";
}
