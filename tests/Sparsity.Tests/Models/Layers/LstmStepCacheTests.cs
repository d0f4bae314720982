using Sparsity.Models.Layers;

namespace Sparsity.Tests.Models.Layers;

/// <summary>Streaming steps of a pruned LSTM reuse their CSR copies only while the weights are unchanged.</summary>
[TestFixture]
public sealed class LstmStepCacheTests
{
    [Test]
    public void Steps_see_weight_changes_after_invalidation_and_after_a_training_window()
    {
        var rng = new Random(21);
        LstmHarness hx = LstmHarness.Create(rng, input: 7, hidden: 9, batch: 2, steps: 3, wDensity: 0.5, rDensity: 0.4);
        Lstm layer = hx.Layer;
        layer.Execution = LayerExecution.Sparse;
        float[] x = hx.X.AsSpan(0, 2 * 7).ToArray();

        float[] Step(Lstm l)
        {
            var state = new RecurrentState(2, 9);
            var y = new float[2 * 9];
            l.ForwardStep(x, state, y);
            l.ForwardStep(x, state, y); // the second step reuses the copies
            return y;
        }

        float[] before = Step(layer);
        foreach (var p in layer.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] *= 1.5f;
            }

            p.ApplyMask();
        }

        layer.InvalidateWeightCopies();
        float[] after = Step(layer);
        Assert.That(after, Is.Not.EqualTo(before), "the change must be visible");

        // A dense-execution run of the same weights is the reference for the changed weights.
        layer.Execution = LayerExecution.Dense;
        float[] dense = Step(layer);
        layer.Execution = LayerExecution.Sparse;
        LstmAssert.Close(dense, after, "steps after invalidation");

        // A training window refreshes the copies with the window's values; a later step must not reuse stale ones.
        LstmCache cache = (LstmCache)layer.CreateCache(3, 2);
        var windowState = new RecurrentState(2, 9);
        layer.Forward(hx.X, 3, windowState, new float[3 * 2 * 9], cache, new Random(1));
        foreach (var p in layer.Parameters)
        {
            for (int i = 0; i < p.Length; i++)
            {
                p.Value[i] *= 0.5f;
            }
        }

        layer.Backward(cache, hx.Dy, new float[3 * 2 * 7]);
        float[] afterWindow = Step(layer);
        layer.Execution = LayerExecution.Dense;
        LstmAssert.Close(Step(layer), afterWindow, "steps after a window and backward");
    }
}
