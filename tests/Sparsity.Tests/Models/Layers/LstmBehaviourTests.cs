using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// Properties of the production LSTM that need no oracle beyond the layer itself: the step API equals the window API,
/// state carries across windows, both executions agree, gradients accumulate, statistics count what ran, and the
/// training step allocates nothing once warm.
/// </summary>
public sealed class LstmBehaviourTests
{
    [TestCase(LayerExecution.Dense, 1.0, true)]
    [TestCase(LayerExecution.Sparse, 1.0, true)]
    [TestCase(LayerExecution.Dense, 0.4, true)]
    [TestCase(LayerExecution.Sparse, 0.4, false)]
    public void ForwardStep_RepeatedOverWindow_EqualsForward(LayerExecution execution, double density, bool bitwise)
    {
        // Dense products round the same whatever the row count; the CSR SpMM's batch tails do not (documented).
        LstmHarness h = LstmHarness.Create(new Random(21), input: 11, hidden: 13, batch: 3, steps: 6, density, density);
        h.Layer.Execution = execution;
        var (y, final, _) = h.RunForward();
        RecurrentState state = h.Initial.Clone();
        int bi = h.Batch * h.Input, bh = h.Batch * h.Hidden;
        var yStep = new float[bh];
        for (int t = 0; t < h.Steps; t++)
        {
            yStep.AsSpan().Fill(float.NaN);
            h.Layer.ForwardStep(h.X.AsSpan(t * bi, bi), state, yStep);
            Compare(y.AsSpan(t * bh, bh), yStep, $"step {t} y", bitwise);
        }

        Compare(final.C, state.C, "final c", bitwise);
        Compare(final.Y, state.Y, "final h", bitwise);
    }

    [TestCase(LayerExecution.Dense)]
    [TestCase(LayerExecution.Sparse)]
    public void Forward_TwoWindowsCarryingState_EqualOneLongWindow(LayerExecution execution)
    {
        LstmHarness h = LstmHarness.Create(new Random(22), input: 5, hidden: 7, batch: 2, steps: 5);
        h.Layer.Execution = execution;
        var (y, final, _) = h.RunForward();
        int first = 2, second = h.Steps - first, bi = h.Batch * h.Input, bh = h.Batch * h.Hidden;
        RecurrentState state = h.Initial.Clone();
        RecurrentCache cache = h.Layer.CreateCache(h.Steps, h.Batch); // reused for both (shorter) windows
        var y1 = new float[first * bh];
        var y2 = new float[second * bh];
        h.Layer.Forward(h.X.AsSpan(0, first * bi), first, state, y1, cache);
        h.Layer.Forward(h.X.AsSpan(first * bi), second, state, y2, cache);
        LstmAssert.Identical(y.AsSpan(0, first * bh), y1, "first window");
        LstmAssert.Identical(y.AsSpan(first * bh), y2, "second window");
        LstmAssert.Identical(final.C, state.C, "final c");
        LstmAssert.Identical(final.Y, state.Y, "final h");
    }

    [Test]
    public void SparseExecution_DenserThanCsrPays_RunsTheDenseProductsBitForBit()
    {
        LstmHarness h = LstmHarness.Create(new Random(24), input: 19, hidden: 10, batch: 4, steps: 6, wDensity: 0.5, rDensity: 0.3);
        h.Layer.CsrMaxDensity = Lstm.DefaultCsrMaxDensity;
        h.Layer.Execution = LayerExecution.Dense;
        var (yDense, _, cacheDense) = h.RunForward();
        float[] dxDense = h.RunBackward(cacheDense);
        float[][] gradDense = h.Layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        h.Layer.Execution = LayerExecution.Sparse;
        var (ySparse, _, cacheSparse) = h.RunForward();
        float[] dxSparse = h.RunBackward(cacheSparse);
        Assert.That(ySparse, Is.EqualTo(yDense), "y");
        Assert.That(dxSparse, Is.EqualTo(dxDense), "dx");
        for (int k = 0; k < gradDense.Length; k++)
        {
            Assert.That(h.Layer.Parameters[k].Gradient, Is.EqualTo(gradDense[k]), $"d{h.Layer.Parameters[k].Name}");
        }

        h.Layer.CsrMaxDensity = 1.0; // the CSR path rounds differently: the comparison above could tell them apart
        var (yCsr, _, _) = h.RunForward();
        Assert.That(yCsr, Is.Not.EqualTo(yDense), "CSR rounding differs, so the bitwise equality above is informative");
    }

    [Test]
    public void Statistics_CountKeptWeights_AndExecuteWhatTheChosenKernelTouches()
    {
        LstmHarness h = LstmHarness.Create(new Random(25), input: 19, hidden: 10, batch: 4, steps: 6, wDensity: 0.5, rDensity: 0.1);
        h.Layer.CsrMaxDensity = Lstm.DefaultCsrMaxDensity; // W (50 % kept) runs dense, R (10 % kept) on CSR
        h.Layer.Execution = LayerExecution.Sparse;
        h.Layer.Statistics.Reset();
        h.RunForward();
        long rows = h.Steps * h.Batch;
        int keptW = h.Layer.Parameters.Single(p => p.Name == "W").Mask!.KeptCount, keptR = h.Layer.Parameters.Single(p => p.Name == "R").Mask!.KeptCount;
        int sizeW = 4 * 10 * 19;
        Assert.That(h.Layer.Statistics.ForwardMacs, Is.EqualTo(rows * (keptW + keptR)));
        Assert.That(h.Layer.Statistics.ExecutedForwardMacs, Is.EqualTo(rows * (sizeW + keptR)));

        h.Layer.Execution = LayerExecution.Dense;
        h.Layer.Statistics.Reset();
        h.RunForward();
        Assert.That(h.Layer.Statistics.ExecutedForwardMacs, Is.EqualTo(h.Layer.Statistics.DenseForwardMacs));
    }

    [Test]
    public void SparseAndDenseExecution_PrunedKernels_Agree()
    {
        LstmHarness h = LstmHarness.Create(new Random(23), input: 19, hidden: 10, batch: 4, steps: 6, wDensity: 0.3, rDensity: 0.2);
        h.Layer.Execution = LayerExecution.Dense;
        var (yDense, finalDense, cacheDense) = h.RunForward();
        float[] dxDense = h.RunBackward(cacheDense);
        float[][] gradDense = h.Layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        h.Layer.Execution = LayerExecution.Sparse;
        var (ySparse, finalSparse, cacheSparse) = h.RunForward();
        float[] dxSparse = h.RunBackward(cacheSparse);
        LstmAssert.Close(yDense, ySparse, "y");
        LstmAssert.Close(finalDense.C, finalSparse.C, "final c");
        LstmAssert.Close(dxDense, dxSparse, "dx");
        for (int k = 0; k < gradDense.Length; k++)
        {
            LstmAssert.Close(gradDense[k], h.Layer.Parameters[k].Gradient, $"d{h.Layer.Parameters[k].Name}");
        }
    }

    [Test]
    public void Backward_Twice_AccumulatesGradientsAndOverwritesDx()
    {
        LstmHarness h = LstmHarness.Create(new Random(24), input: 4, hidden: 6, batch: 2, steps: 3);
        var (_, _, cache) = h.RunForward();
        float[] dx1 = h.RunBackward(cache);
        float[][] once = h.Layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        var dx2 = new float[dx1.Length];
        dx2.AsSpan().Fill(123f);
        h.Layer.Backward(cache, h.Dy, dx2);
        LstmAssert.Identical(dx1, dx2, "dx is overwritten");
        for (int k = 0; k < once.Length; k++)
        {
            float[] twice = once[k].Select(v => v + v).ToArray();
            LstmAssert.Close(twice, h.Layer.Parameters[k].Gradient, $"d{h.Layer.Parameters[k].Name} accumulates");
            Assert.That(once[k], Has.Some.Not.EqualTo(0f), $"d{h.Layer.Parameters[k].Name} is not trivially zero");
        }
    }

    [Test]
    public void Backward_TwoCachesRecordedBeforeEitherBackward_EachMatchesItsOwnRun()
    {
        LstmHarness a = LstmHarness.Create(new Random(25), input: 3, hidden: 5, batch: 2, steps: 4);
        a.Layer.RecurrentDropConnect = 0.25f;
        var (_, _, c1) = a.RunForward(new Random(1));
        float[] dx1 = a.RunBackward(c1);
        float[][] g1 = a.Layer.Parameters.Select(p => p.Gradient.ToArray()).ToArray();
        var (_, _, c2) = a.RunForward(new Random(2));
        float[] dx2 = a.RunBackward(c2);

        // Interleaved: forward, forward, backward, backward — each backward uses its own window's R and mask.
        var (_, _, d1) = a.RunForward(new Random(1));
        var (_, _, d2) = a.RunForward(new Random(2));
        LstmAssert.Identical(dx2, a.RunBackward(d2), "second dx");
        LstmAssert.Identical(dx1, a.RunBackward(d1), "first dx");
        for (int k = 0; k < g1.Length; k++)
        {
            LstmAssert.Identical(g1[k], a.Layer.Parameters[k].Gradient, $"d{a.Layer.Parameters[k].Name}");
        }
    }

    [Test]
    public void Forward_ZeroSteps_LeavesStateAndGradientsAlone()
    {
        LstmHarness h = LstmHarness.Create(new Random(26), input: 3, hidden: 4, batch: 2, steps: 0);
        var (y, final, cache) = h.RunForward();
        Assert.That(y, Is.Empty);
        LstmAssert.Identical(h.Initial.C, final.C, "c");
        LstmAssert.Identical(h.Initial.Y, final.Y, "h");
        float[] dx = h.RunBackward(cache);
        Assert.That(dx, Is.Empty);
        Assert.That(h.Layer.Parameters.SelectMany(p => p.Gradient), Has.All.EqualTo(0f));
        Assert.That(h.Layer.Statistics.Outputs, Is.Zero);
    }

    [TestCase(1.0, 1.0)]
    [TestCase(0.5, 0.25)]
    public void Statistics_CountOutputsAndMultiplyAccumulates(double wDensity, double rDensity)
    {
        LstmHarness h = LstmHarness.Create(new Random(27), input: 6, hidden: 5, batch: 3, steps: 4, wDensity, rDensity);
        h.Layer.Statistics.Reset();
        var (y, _, _) = h.RunForward();
        long rows = h.Steps * h.Batch;
        long keptW = h.Layer.W.Mask?.KeptCount ?? h.Layer.W.Length, keptR = h.Layer.R.Mask?.KeptCount ?? h.Layer.R.Length;
        LayerStatistics s = h.Layer.Statistics;
        Assert.That(s.Outputs, Is.EqualTo(y.Length));
        Assert.That(s.NonZeroOutputs, Is.EqualTo(y.Count(v => v != 0f)));
        Assert.That(s.ForwardMacs, Is.EqualTo(rows * (keptW + keptR)));
        Assert.That(s.DenseForwardMacs, Is.EqualTo(rows * 4 * h.Hidden * (h.Input + h.Hidden)));
        Assert.That(s.SurrogateEvaluations, Is.Zero);
        h.Layer.ForwardStep(h.X.AsSpan(0, h.Batch * h.Input), h.Initial.Clone(), new float[h.Batch * h.Hidden]);
        Assert.That(s.Outputs, Is.EqualTo(y.Length + (h.Batch * h.Hidden)), "the step API counts too");
    }

    [Test]
    public void ForwardBackward_Warm_AllocatesNothing()
    {
        foreach (LayerExecution execution in new[] { LayerExecution.Dense, LayerExecution.Sparse })
        {
            LstmHarness h = LstmHarness.Create(new Random(28), input: 9, hidden: 12, batch: 2, steps: 5, wDensity: 0.5, rDensity: 0.5);
            h.Layer.Execution = execution;
            h.Layer.RecurrentDropConnect = 0.2f;
            RecurrentCache cache = h.Layer.CreateCache(h.Steps, h.Batch);
            var state = h.Initial.Clone();
            var y = new float[h.Dy.Length];
            var dx = new float[h.X.Length];
            var rng = new Random(1);
            h.Layer.Forward(h.X, h.Steps, state, y, cache, rng);
            h.Layer.Backward(cache, h.Dy, dx);
            long before = GC.GetAllocatedBytesForCurrentThread();
            h.Layer.Forward(h.X, h.Steps, state, y, cache, rng);
            h.Layer.Backward(cache, h.Dy, dx);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.Zero, $"{execution}: bytes allocated by a warm forward + backward");
        }
    }

    [Test]
    public void Initialize_XavierNormalKernels_ZeroBiases_PrunedStayZero()
    {
        var layer = new Lstm(30, 40);
        LstmHarness.Prune(layer.R, new double[layer.R.Length], 0.5, new Random(3));
        layer.Bx.Value[0] = 5f;
        layer.Initialize(new Random(4));
        foreach (Parameter p in new[] { layer.W, layer.R })
        {
            double expectedStd = Math.Sqrt(2.0 / (p.Rows + p.Columns));
            float[] kept = p.Mask is null ? p.Value : p.Value.Where((_, k) => p.Mask.AsSpan()[k]).ToArray();
            double mean = kept.Average(v => (double)v);
            double std = Math.Sqrt(kept.Average(v => (v - mean) * (v - mean)));
            Assert.That(std, Is.EqualTo(expectedStd).Within(0.05 * expectedStd), $"{p.Name} std");
            Assert.That(mean, Is.EqualTo(0.0).Within(0.1 * expectedStd), $"{p.Name} mean");
        }

        Assert.That(layer.R.Value.Where((_, k) => !layer.R.Mask!.AsSpan()[k]), Has.All.EqualTo(0f));
        Assert.That(layer.Bx.Value.Concat(layer.Br.Value), Has.All.EqualTo(0f));
        var again = new Lstm(30, 40);
        again.Initialize(new Random(4));
        Assert.That(again.W.Value, Is.EqualTo(layer.W.Value), "deterministic for a seed");
    }

    [Test]
    public void Parameters_NamesShapesAndKinds_FollowTheConvention()
    {
        var layer = new Lstm(3, 5);
        Assert.That(layer.Parameters.Select(p => (p.Name, p.Rows, p.Columns, p.Kind)), Is.EqualTo(new[]
        {
            ("W", 20, 3, ParameterKind.InputKernel),
            ("R", 20, 5, ParameterKind.RecurrentKernel),
            ("bx", 20, 1, ParameterKind.Bias),
            ("br", 20, 1, ParameterKind.Bias),
        }));
        Assert.That((layer.InputSize, layer.HiddenSize), Is.EqualTo((3, 5)));
    }

    private static void Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, bool bitwise)
    {
        if (bitwise)
        {
            LstmAssert.Identical(expected, actual, what);
        }
        else
        {
            LstmAssert.Close(expected, actual, what);
        }
    }
}
