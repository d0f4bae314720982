using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;
using LstmCache = Sparsity.Models.Layers.LstmCache;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// The production float LSTM against the dense double <see cref="ReferenceLstm"/> on random small shapes (H and I not
/// multiples of 8, B 1..4, T 1..6, random initial state): outputs, final state, dx and every parameter gradient by
/// name, within <see cref="LstmAssert"/>'s relative tolerance; with pruning masks in both executions; with DropConnect.
/// </summary>
public sealed class LstmReferenceTests
{
    private static readonly int[] Hiddens = [1, 3, 5, 7, 9, 11, 13, 17];
    private static readonly int[] Inputs = [1, 2, 3, 6, 10, 19];

    private static IEnumerable<TestCaseData> Seeds()
    {
        for (int seed = 1; seed <= 12; seed++)
        {
            yield return new TestCaseData(seed).SetName($"Seed{seed}");
        }
    }

    private static LstmHarness RandomCase(int seed, double wDensity = 1.0, double rDensity = 1.0)
    {
        var rng = new Random(seed);
        return LstmHarness.Create(rng, Inputs[rng.Next(Inputs.Length)], Hiddens[rng.Next(Hiddens.Length)],
                                  rng.Next(1, 5), rng.Next(1, 7), wDensity, rDensity);
    }

    [TestCaseSource(nameof(Seeds))]
    public void ForwardBackward_RandomShape_MatchesReference(int seed)
    {
        LstmHarness h = RandomCase(seed);
        Check(h, LayerExecution.Dense, $"seed {seed} dense");
        Check(h, LayerExecution.Sparse, $"seed {seed} sparse");
    }

    [TestCaseSource(nameof(Seeds))]
    public void ForwardBackward_PrunedKernels_MatchesReferenceInBothExecutions(int seed)
    {
        LstmHarness h = RandomCase(seed + 100, wDensity: 0.4, rDensity: 0.3);
        Check(h, LayerExecution.Sparse, $"seed {seed} pruned sparse");
        Check(h, LayerExecution.Dense, $"seed {seed} pruned dense");
    }

    [Test]
    public void ForwardBackward_OnlyRecurrentKernelPruned_MatchesReference()
    {
        LstmHarness h = LstmHarness.Create(new Random(5), input: 7, hidden: 6, batch: 3, steps: 4, rDensity: 0.5);
        Check(h, LayerExecution.Sparse, "R pruned");
    }

    [Test]
    public void ForwardBackward_EverythingPruned_MatchesReference()
    {
        // Density 0: both kernels empty, so only the biases drive the gates.
        LstmHarness h = LstmHarness.Create(new Random(6), input: 5, hidden: 3, batch: 2, steps: 3, wDensity: 0.0, rDensity: 0.0);
        Check(h, LayerExecution.Sparse, "all pruned");
    }

    [TestCase(LayerExecution.Dense)]
    [TestCase(LayerExecution.Sparse)]
    public void DropConnect_MatchesReferenceWithMaskedRecurrentKernel(LayerExecution execution)
    {
        foreach (double rDensity in new[] { 1.0, 0.5 })
        {
            LstmHarness h = LstmHarness.Create(new Random(11), input: 6, hidden: 9, batch: 3, steps: 5, rDensity: rDensity);
            h.Layer.Execution = execution;
            h.Layer.RecurrentDropConnect = 0.4f;
            var (y, final, cache) = h.RunForward(new Random(3));
            var lc = (LstmCache)cache;
            Assert.That(lc.DropConnectApplied, Is.True);
            float[] scale = lc.DropConnectScale.ToArray();
            Assert.That(scale, Has.Length.EqualTo(h.Layer.R.Length));
            Assert.That(scale, Has.All.EqualTo(0f).Or.EqualTo(1f / 0.6f), "factor is 0 or 1/(1 − p)");
            Assert.That(scale, Has.Some.EqualTo(0f).And.Some.EqualTo(1f / 0.6f));

            for (int k = 0; k < scale.Length; k++)
            {
                h.Reference.R[k] = (double)(h.Layer.R.Value[k] * scale[k]); // the float R_eff production uses
            }

            string what = $"DropConnect {execution} density {rDensity}";
            ReferenceForward rf = CompareForward(h, y, final, what);
            float[] dx = h.RunBackward(cache);
            ReferenceBackward rb = h.Reference.Backward(rf.Cache, h.ReferenceDy(), null);
            LstmAssert.Close(LstmHarness.Flatten(rb.Dx), dx, $"{what}: dx");
            double[] dR = rb.Parameters["R"];
            for (int k = 0; k < dR.Length; k++)
            {
                dR[k] *= scale[k]; // dL/dR = dL/dR_eff ⊙ mask / (1 − p)
            }

            CompareGradients(h, rb, what);
        }
    }

    [Test]
    public void DropConnect_DropsAboutPOfTheWeights_AndRedrawsEachWindow()
    {
        var layer = new Lstm(4, 20) { RecurrentDropConnect = 0.3f };
        layer.Initialize(new Random(1));
        var rng = new Random(2);
        var cache = (LstmCache)layer.CreateCache(2, 1);
        layer.Forward(new float[8], 2, new RecurrentState(1, 20), new float[40], cache, rng);
        float[] first = cache.DropConnectScale.ToArray();
        double dropped = first.Count(v => v == 0f) / (double)first.Length; // 1600 draws: σ ≈ 0.011
        Assert.That(dropped, Is.EqualTo(0.3).Within(0.05));
        layer.Forward(new float[8], 2, new RecurrentState(1, 20), new float[40], cache, rng);
        Assert.That(cache.DropConnectScale.ToArray(), Is.Not.EqualTo(first), "a new mask per window");
    }

    [Test]
    public void DropConnect_WithoutRandom_IsOff()
    {
        LstmHarness h = LstmHarness.Create(new Random(12), input: 3, hidden: 5, batch: 2, steps: 3);
        var (plain, _, _) = h.RunForward();
        h.Layer.RecurrentDropConnect = 0.5f;
        var (evaluated, _, cache) = h.RunForward(dropConnect: null);
        Assert.That(((LstmCache)cache).DropConnectApplied, Is.False);
        Assert.That(((LstmCache)cache).DropConnectScale.IsEmpty, Is.True);
        LstmAssert.Identical(plain, evaluated, "evaluation ignores DropConnect");
    }

    private static void Check(LstmHarness h, LayerExecution execution, string label)
    {
        h.Layer.Execution = execution;
        string what = $"{label} {h.Shape}";
        var (y, final, cache) = h.RunForward();
        ReferenceForward rf = CompareForward(h, y, final, what);
        float[] dx = h.RunBackward(cache);
        ReferenceBackward rb = h.Reference.Backward(rf.Cache, h.ReferenceDy(), null);
        LstmAssert.Close(LstmHarness.Flatten(rb.Dx), dx, $"{what}: dx");
        CompareGradients(h, rb, what);
    }

    private static ReferenceForward CompareForward(LstmHarness h, float[] y, RecurrentState final, string what)
    {
        ReferenceForward rf = h.Reference.Forward(h.ReferenceX(), h.ReferenceInitial());
        LstmAssert.Close(LstmHarness.Flatten(rf.Y), y, $"{what}: y");
        LstmAssert.Close(LstmHarness.Flatten(rf.Final.C), final.C, $"{what}: final c");
        LstmAssert.Close(LstmHarness.Flatten(rf.Final.Y), final.Y, $"{what}: final h");
        return rf;
    }

    private static void CompareGradients(LstmHarness h, ReferenceBackward rb, string what)
    {
        Assert.That(rb.Parameters.Keys, Is.EquivalentTo(h.Layer.Parameters.Select(p => p.Name)));
        foreach (Parameter p in h.Layer.Parameters)
        {
            double[] expected = rb.Parameters[p.Name];
            if (p.Mask is { } mask)
            {
                ReadOnlySpan<bool> kept = mask.AsSpan();
                for (int k = 0; k < kept.Length; k++)
                {
                    if (!kept[k])
                    {
                        Assert.That(p.Gradient[k], Is.EqualTo(0f), $"{what}: pruned d{p.Name}[{k}] must stay 0");
                        expected[k] = 0.0;
                    }
                }
            }

            LstmAssert.Close(expected, p.Gradient, $"{what}: d{p.Name}");
        }
    }
}
