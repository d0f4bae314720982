using Sparsity.Models.Layers;
using Sparsity.Tests.Reference.Models;
using EgruCache = Sparsity.Models.Layers.EgruCache;
using ReferenceCache = Sparsity.Tests.Reference.Models.EgruCache;

namespace Sparsity.Tests.Models.Layers;

/// <summary>The layer's counters against a hand count from the reference run (egru.md §2, §6).</summary>
public sealed class EgruStatisticsTests
{
    [TestCase(LayerExecution.Sparse)]
    [TestCase(LayerExecution.Dense)]
    public void Statistics_Window_MatchHandCount(LayerExecution execution)
    {
        var rng = new Random(8);
        var options = new EgruOptions { SparseInput = true };
        EgruHarness h = EgruHarness.CreateWithoutTies(rng, 6, 9, 4, 3, options, inputZeroFraction: 0.5, maskDensity: 0.45);
        h.Layer.Execution = execution;
        h.Layer.Statistics.Reset();
        var y = new float[h.Steps * h.Batch * h.Hidden];
        EgruCache cache = h.Layer.CreateCache(h.Steps, h.Batch);
        h.Layer.Forward(h.X, h.Steps, h.InitialState(), y, cache);
        h.Layer.Backward(cache, h.Gy, new float[h.Steps * h.Batch * h.Input]);

        ReferenceForward reference = h.ReferenceForward();
        double[] yRef = EgruHarness.Flatten(reference.Y);
        int i = h.Input, hd = h.Hidden, g = 3 * hd;

        // Forward MACs: every (nonzero weight, nonzero input) pair of W x_t and R y_{t−1}, counted from the weights.
        long macs = 0;
        for (int n = 0; n < h.Steps * h.Batch; n++)
        {
            for (int j = 0; j < i; j++)
            {
                if (h.X[(n * i) + j] != 0f)
                {
                    macs += Enumerable.Range(0, g).Count(m => h.Layer.W.Value[(m * i) + j] != 0f);
                }
            }

            for (int j = 0; j < hd; j++)
            {
                double yPrev = n < h.Batch ? h.Y0[(n * hd) + j] : yRef[((n - h.Batch) * hd) + j];
                if (yPrev != 0)
                {
                    macs += Enumerable.Range(0, g).Count(m => h.Layer.R.Value[(m * hd) + j] != 0f);
                }
            }
        }

        // Zero surrogates: γ·max(0, 1 − β|s|) = 0 ⇔ |s| ≥ 1/β; draws within 1e-4 of that edge would be ambiguous.
        double[] s = EgruHarness.Flatten(((ReferenceCache)reference.Cache).S);
        double edge = 1.0 / h.Layer.Options.SurrogateBeta;
        Assert.That(s.All(v => Math.Abs(Math.Abs(v) - edge) > 1e-4), "precondition: no s on the surrogate's edge");

        LayerStatistics stats = h.Layer.Statistics;
        Assert.That(stats.Outputs, Is.EqualTo(h.Steps * h.Batch * hd));
        Assert.That(stats.NonZeroOutputs, Is.EqualTo(yRef.Count(v => v != 0)));
        Assert.That(stats.NonZeroOutputs, Is.InRange(1, stats.Outputs - 1), "precondition: some but not all units fired");
        Assert.That(stats.ForwardMacs, Is.EqualTo(macs));
        Assert.That(stats.DenseForwardMacs, Is.EqualTo((long)h.Steps * h.Batch * g * (i + hd)));
        if (execution == LayerExecution.Dense)
        {
            Assert.That(stats.ExecutedForwardMacs, Is.EqualTo(stats.DenseForwardMacs), "dense products execute every weight");
        }
        else
        {
            Assert.That(stats.ExecutedForwardMacs, Is.InRange(stats.ForwardMacs, stats.DenseForwardMacs));
        }
        Assert.That(stats.SurrogateEvaluations, Is.EqualTo(h.Steps * h.Batch * hd));
        Assert.That(stats.ZeroSurrogates, Is.EqualTo(s.Count(v => Math.Abs(v) >= edge)));
        Assert.That(stats.ZeroSurrogates, Is.InRange(1, stats.SurrogateEvaluations - 1), "precondition: a mix of zero and nonzero surrogates");
    }

    [TestCase(LayerExecution.Sparse)]
    [TestCase(LayerExecution.Dense)]
    public void Health_Window_MatchesReferenceCounts(LayerExecution execution)
    {
        // Thresholds spread so that some units never fire, some always; several steps so the per-unit counts accumulate.
        var rng = new Random(21);
        EgruHarness h = EgruHarness.CreateWithoutTies(rng, 7, 8, 5, 3, new EgruOptions { SparseInput = true }, inputZeroFraction: 0.3, maskDensity: 1.0);
        h.Layer.Execution = execution;
        h.Layer.Statistics.Reset();
        h.Layer.Forward(h.X, h.Steps, h.InitialState(), new float[h.Steps * h.Batch * h.Hidden], h.Layer.CreateCache(h.Steps, h.Batch));

        ReferenceForward reference = h.ReferenceForward();
        int hd = h.Hidden;
        double[][][] y = reference.Y;
        long[] firings = [.. Enumerable.Range(0, hd).Select(j => (long)y.Sum(step => step.Count(row => row[j] != 0)))];
        double[] s = EgruHarness.Flatten(((ReferenceCache)reference.Cache).S);
        double[] cHat = EgruHarness.Flatten(((ReferenceCache)reference.Cache).CHat);
        double edge = 1.0 / h.Layer.Options.SurrogateBeta;
        Assert.That(s.All(v => Math.Abs(Math.Abs(v) - edge) > 1e-4), "precondition: no s on the band's edge");
        Assert.That(firings.Count(f => f == 0), Is.InRange(1, hd - 1), "precondition: some units silent, some not");

        LayerStatistics stats = h.Layer.Statistics;
        Assert.That(stats.UnitFirings, Is.EqualTo(firings));
        Assert.That(stats.SilentUnitFraction, Is.EqualTo((double)firings.Count(f => f == 0) / hd));
        Assert.That(stats.StateEntries, Is.EqualTo(s.Length));
        Assert.That(stats.InSurrogateBand, Is.EqualTo(s.Count(v => Math.Abs(v) < edge)));
        Assert.That(stats.MeanAbsState, Is.EqualTo(cHat.Average(Math.Abs)).Within(1e-5));

        stats.Reset();
        Assert.That((stats.StateEntries, stats.InSurrogateBand, stats.SumAbsState), Is.EqualTo((0L, 0L, 0.0)));
        Assert.That(stats.UnitFirings.All(f => f == 0), Is.True);
        Assert.That(double.IsNaN(stats.SilentUnitFraction), Is.True, "no outputs since the reset: no verdict");
    }

    [Test]
    public void Health_Add_RejectsCountersOfAnotherWidth()
    {
        var a = new LayerStatistics();
        var b = new LayerStatistics();
        a.FiringsFor(3)[1] = 2;
        b.FiringsFor(4);
        Assert.Throws<ArgumentException>(() => b.Add(a));
        var c = new LayerStatistics();
        c.Add(a);
        c.Add(a);
        Assert.That(c.UnitFirings, Is.EqualTo(new long[] { 0, 4, 0 }));
    }

    [Test]
    public void Statistics_Steps_AccumulateLikeWindow()
    {
        var rng = new Random(9);
        EgruHarness h = EgruHarness.Create(rng, 5, 7, 3, 2, new EgruOptions { SparseInput = false });
        h.Layer.Forward(h.X, h.Steps, h.InitialState(), new float[h.Steps * h.Batch * h.Hidden], h.Layer.CreateCache(h.Steps, h.Batch));
        var window = new LayerStatistics();
        window.Add(h.Layer.Statistics);
        h.Layer.Statistics.Reset();
        RecurrentState state = h.InitialState();
        int bi = h.Batch * h.Input;
        for (int t = 0; t < h.Steps; t++)
        {
            h.Layer.ForwardStep(h.X.AsSpan(t * bi, bi), state, new float[h.Batch * h.Hidden]);
        }

        LayerStatistics steps = h.Layer.Statistics;
        Assert.That((steps.Outputs, steps.NonZeroOutputs, steps.ForwardMacs, steps.DenseForwardMacs),
            Is.EqualTo((window.Outputs, window.NonZeroOutputs, window.ForwardMacs, window.DenseForwardMacs)));
        Assert.That((steps.StateEntries, steps.InSurrogateBand), Is.EqualTo((window.StateEntries, window.InSurrogateBand)));
        Assert.That(steps.UnitFirings, Is.EqualTo(window.UnitFirings));
        Assert.That(steps.SumAbsState, Is.EqualTo(window.SumAbsState).Within(1e-9 * window.SumAbsState));
    }
}
