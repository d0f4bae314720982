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
        Assert.That(stats.SurrogateEvaluations, Is.EqualTo(h.Steps * h.Batch * hd));
        Assert.That(stats.ZeroSurrogates, Is.EqualTo(s.Count(v => Math.Abs(v) >= edge)));
        Assert.That(stats.ZeroSurrogates, Is.InRange(1, stats.SurrogateEvaluations - 1), "precondition: a mix of zero and nonzero surrogates");
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
    }
}
