using Sparsity.Kernels.Threading;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;
using EgruCache = Sparsity.Models.Layers.EgruCache;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// Properties of the production EGRU that need no oracle beyond itself: sparse and dense execution agree to float
/// rounding, the step API reproduces a window bit for bit, state carries across windows (or c resets), and DropConnect
/// behaves (off at p = 0, one rescaled element-wise mask per window, gradients through the masked R match the
/// reference).
/// </summary>
public sealed class EgruExecutionTests
{
    private sealed record Run(float[] Y, float[] C, float[] FinalY, float[] Dx, Dictionary<string, float[]> Gradients);

    private static Run ForwardBackward(EgruHarness h, LayerExecution execution, Random? random = null)
    {
        Egru layer = h.Layer;
        layer.Execution = execution;
        foreach (Parameter p in layer.Parameters)
        {
            p.ZeroGradient();
        }

        RecurrentState state = h.InitialState();
        EgruCache cache = layer.CreateCache(h.Steps, h.Batch);
        var y = new float[h.Steps * h.Batch * h.Hidden];
        layer.Forward(h.X, h.Steps, state, y, cache, random);
        var dx = new float[h.Steps * h.Batch * h.Input];
        layer.Backward(cache, h.Gy, dx);
        return new Run(y, state.C, state.Y, dx, layer.Parameters.ToDictionary(p => p.Name, p => (float[])p.Gradient.Clone()));
    }

    private static IEnumerable<TestCaseData> SparseDenseCases()
    {
        for (int seed = 1; seed <= 6; seed++)
        {
            yield return new TestCaseData(seed).SetName($"SparseAndDense_Seed{seed}_AgreeToFloatRounding");
        }
    }

    [TestCaseSource(nameof(SparseDenseCases))]
    public void SparseAndDense_RandomProblem_AgreeToFloatRounding(int seed)
    {
        var rng = new Random(seed);
        bool large = seed > 4;
        int input = large ? 61 : rng.Next(1, 20), hidden = large ? 43 : rng.Next(1, 20);
        int steps = rng.Next(1, 7), batch = large ? 8 : rng.Next(1, 5);
        double? density = (seed % 3) switch { 0 => null, 1 => 0.08, _ => 0.7 };
        var options = new EgruOptions { SparseInput = seed % 2 == 0, Reset = seed % 2 == 0 ? EgruResetMode.SubtractOutput : EgruResetMode.SubtractThreshold };
        EgruHarness h = EgruHarness.CreateWithoutTies(rng, input, hidden, steps, batch, options, inputZeroFraction: 0.7, maskDensity: density);
        Run sparse;
        using (new ForcedEvents(seed % 2 == 1))
        {
            sparse = ForwardBackward(h, LayerExecution.Sparse);
        }

        Run dense = ForwardBackward(h, LayerExecution.Dense);
        const double Rtol = 1e-5, Atol = 2e-6;
        EgruAssert.Close("y", dense.Y, sparse.Y, Rtol, Atol);
        EgruAssert.Close("final c", dense.C, sparse.C, Rtol, Atol);
        EgruAssert.Close("final y", dense.FinalY, sparse.FinalY, Rtol, Atol);
        EgruAssert.Close("dx", dense.Dx, sparse.Dx, Rtol, Atol);
        foreach ((string name, float[] g) in dense.Gradients)
        {
            EgruAssert.Close($"d{name}", g, sparse.Gradients[name], Rtol, Atol);
        }
    }

    [TestCase(LayerExecution.Sparse)]
    [TestCase(LayerExecution.Dense)]
    public void ForwardBackward_OneOrTwoThreads_BitIdentical(LayerExecution execution)
    {
        // Big enough that every kernel splits its outputs across threads when allowed to.
        EgruHarness h = EgruHarness.Create(new Random(51), 64, 48, 6, 16, new EgruOptions { SparseInput = true }, inputZeroFraction: 0.8);
        int saved = KernelThreads.MaxThreads;
        Run single, multi;
        try
        {
            KernelThreads.MaxThreads = 1;
            single = ForwardBackward(h, execution);
            KernelThreads.MaxThreads = 2;
            multi = ForwardBackward(h, execution);
        }
        finally
        {
            KernelThreads.MaxThreads = saved;
        }

        EgruAssert.Same("y", single.Y, multi.Y);
        EgruAssert.Same("dx", single.Dx, multi.Dx);
        foreach ((string name, float[] g) in single.Gradients)
        {
            EgruAssert.Same($"d{name}", g, multi.Gradients[name]);
        }
    }

    [TestCase(LayerExecution.Sparse)]
    [TestCase(LayerExecution.Dense)]
    public void ForwardBackwardStep_AfterFirstUse_AllocateNothing(LayerExecution execution)
    {
        EgruHarness h = EgruHarness.Create(new Random(61), 12, 17, 5, 3, new EgruOptions(), inputZeroFraction: 0.8, maskDensity: 0.08);
        Egru layer = h.Layer;
        layer.Execution = execution;
        layer.RecurrentDropConnect = 0.2f;
        EgruCache cache = layer.CreateCache(h.Steps, h.Batch);
        RecurrentState state = h.InitialState();
        var y = new float[h.Steps * h.Batch * h.Hidden];
        var dx = new float[h.Steps * h.Batch * h.Input];
        var yStep = new float[h.Batch * h.Hidden];
        var random = new Random(1);
        void Window()
        {
            layer.Forward(h.X, h.Steps, state, y, cache, random);
            layer.Backward(cache, h.Gy, dx);
            layer.Forward(h.X, h.Steps, state, y, cache);
            layer.ForwardStep(h.X.AsSpan(0, h.Batch * h.Input), state, yStep);
        }

        Window();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Window();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by a second window");
    }

    private static IEnumerable<TestCaseData> StepCases()
    {
        foreach (LayerExecution execution in new[] { LayerExecution.Sparse, LayerExecution.Dense })
        {
            foreach (bool sparseInput in new[] { true, false })
            {
                foreach (bool pruned in new[] { false, true })
                {
                    yield return new TestCaseData(execution, sparseInput, pruned)
                        .SetName($"ForwardStep_{execution}_SparseInput{sparseInput}_Pruned{pruned}_EqualsWindowBitForBit");
                    if (execution == LayerExecution.Sparse)
                    {
                        yield return new TestCaseData(execution, sparseInput, pruned)
                            .SetName($"ForwardStep_SparseAllEvents_SparseInput{sparseInput}_Pruned{pruned}_EqualsWindowBitForBit")
                            .SetProperty("ForceEvents", "true");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(StepCases))]
    public void ForwardStep_SameTokens_EqualsWindowBitForBit(LayerExecution execution, bool sparseInput, bool pruned)
    {
        using var events = new ForcedEvents(TestContext.CurrentContext.Test.Properties.ContainsKey("ForceEvents"));
        var rng = new Random(11);
        var options = new EgruOptions { SparseInput = sparseInput };
        EgruHarness h = EgruHarness.Create(rng, 19, 21, 6, 3, options, inputZeroFraction: 0.7, maskDensity: pruned ? 0.08 : null);
        Egru layer = h.Layer;
        layer.Execution = execution;
        RecurrentState window = h.InitialState();
        var y = new float[h.Steps * h.Batch * h.Hidden];
        layer.Forward(h.X, h.Steps, window, y, layer.CreateCache(h.Steps, h.Batch));

        RecurrentState streamed = h.InitialState();
        int bi = h.Batch * h.Input, bh = h.Batch * h.Hidden;
        for (int t = 0; t < h.Steps; t++)
        {
            // Odd steps write straight into the state's own y (allowed aliasing).
            Span<float> yt = t % 2 == 0 ? new float[bh] : streamed.Y;
            layer.ForwardStep(h.X.AsSpan(t * bi, bi), streamed, yt);
            EgruAssert.Same($"y step {t}", y.AsSpan(t * bh, bh), yt);
        }

        EgruAssert.Same("final c", window.C, streamed.C);
        EgruAssert.Same("final y", window.Y, streamed.Y);
    }

    [Test]
    public void Forward_TwoWindows_EqualsOneWindowWithStateCarried()
    {
        var rng = new Random(21);
        EgruHarness h = EgruHarness.Create(rng, 9, 13, 6, 2, new EgruOptions { SparseInput = true }, inputZeroFraction: 0.5);
        Egru layer = h.Layer;
        RecurrentState whole = h.InitialState();
        var yWhole = new float[h.Steps * h.Batch * h.Hidden];
        layer.Forward(h.X, h.Steps, whole, yWhole, layer.CreateCache(h.Steps, h.Batch));

        RecurrentState split = h.InitialState();
        EgruCache cache = layer.CreateCache(4, h.Batch);
        int bi = h.Batch * h.Input, bh = h.Batch * h.Hidden;
        var y1 = new float[4 * bh];
        var y2 = new float[2 * bh];
        layer.Forward(h.X.AsSpan(0, 4 * bi), 4, split, y1, cache);
        layer.Forward(h.X.AsSpan(4 * bi, 2 * bi), 2, split, y2, cache);
        EgruAssert.Same("first window y", yWhole.AsSpan(0, 4 * bh), y1);
        EgruAssert.Same("second window y", yWhole.AsSpan(4 * bh, 2 * bh), y2);
        EgruAssert.Same("final c", whole.C, split.C);
        EgruAssert.Same("final y", whole.Y, split.Y);
    }

    [Test]
    public void Forward_ResetInternalStatePerWindow_ZeroesCButCarriesY()
    {
        var rng = new Random(22);
        var resetting = new EgruOptions { ResetInternalStatePerWindow = true };
        EgruHarness h = EgruHarness.Create(rng, 7, 11, 4, 2, resetting);
        RecurrentState state = h.InitialState();
        Assert.That(state.C.Any(v => v != 0f) && state.Y.Any(v => v != 0f), "precondition: a nonzero initial state");
        var y = new float[h.Steps * h.Batch * h.Hidden];
        h.Layer.Forward(h.X, h.Steps, state, y, h.Layer.CreateCache(h.Steps, h.Batch));

        // The same parameters without the option, started from (c = 0, y = y0), must give the same window.
        var carrying = new Egru(h.Input, h.Hidden);
        foreach (Parameter p in h.Layer.Parameters)
        {
            p.Value.CopyTo(carrying.Parameters.Single(q => q.Name == p.Name).Value, 0);
        }

        RecurrentState zeroC = h.InitialState();
        Array.Clear(zeroC.C);
        var expected = new float[y.Length];
        carrying.Forward(h.X, h.Steps, zeroC, expected, carrying.CreateCache(h.Steps, h.Batch));
        EgruAssert.Same("y", expected, y);
        EgruAssert.Same("final c", zeroC.C, state.C);

        // And the carrying layer run from the untouched state differs (the option did something).
        RecurrentState full = h.InitialState();
        var carried = new float[y.Length];
        carrying.Forward(h.X, h.Steps, full, carried, carrying.CreateCache(h.Steps, h.Batch));
        Assert.That(carried.AsSpan().SequenceEqual(y), Is.False, "resetting c must change the window");
    }

    [Test]
    public void Forward_ZeroDropConnectWithRandom_EqualsNoDropConnect()
    {
        var rng = new Random(31);
        EgruHarness h = EgruHarness.Create(rng, 8, 10, 5, 3, new EgruOptions());
        h.Layer.RecurrentDropConnect = 0f;
        Run without = ForwardBackward(h, LayerExecution.Sparse);
        Run with = ForwardBackward(h, LayerExecution.Sparse, new Random(1));
        Assert.That(h.Layer.DropConnectScale, Is.Null);
        EgruAssert.Same("y", without.Y, with.Y);
        EgruAssert.Same("dx", without.Dx, with.Dx);
        foreach ((string name, float[] g) in without.Gradients)
        {
            EgruAssert.Same($"d{name}", g, with.Gradients[name]);
        }
    }

    [Test]
    public void Forward_DropConnect_DrawsOneRescaledMaskPerWindowAndNoneWithoutRandom()
    {
        var layer = new Egru(5, 40) { RecurrentDropConnect = 0.3f };
        layer.Initialize(new Random(3));
        EgruCache cache = layer.CreateCache(2, 1);
        var x = new float[2 * 5];
        var y = new float[2 * 40];
        var rng = new Random(4);
        layer.Forward(x, 2, new RecurrentState(1, 40), y, cache, rng);
        float[] first = (float[])layer.DropConnectScale!.Clone();
        float keep = 1f / (1f - 0.3f);
        Assert.That(first.All(v => v == 0f || v == keep), "every factor is 0 or 1/(1 − p)");
        double dropped = first.Count(v => v == 0f) / (double)first.Length;
        Assert.That(dropped, Is.EqualTo(0.3).Within(0.03), "fraction dropped ≈ p (4800 draws)");

        layer.Forward(x, 2, new RecurrentState(1, 40), y, cache, rng);
        Assert.That(layer.DropConnectScale!.AsSpan().SequenceEqual(first), Is.False, "a new window draws a new mask");

        layer.Forward(x, 2, new RecurrentState(1, 40), y, cache);
        Assert.That(layer.DropConnectScale, Is.Null, "no Random: evaluation, no DropConnect");
    }

    private static IEnumerable<TestCaseData> DropConnectCases()
    {
        foreach (LayerExecution execution in new[] { LayerExecution.Sparse, LayerExecution.Dense })
        {
            foreach (bool pruned in new[] { false, true })
            {
                yield return new TestCaseData(execution, pruned).SetName($"DropConnect_{execution}_Pruned{pruned}_GradientsMatchReferenceWithMaskedR");
            }
        }
    }

    [TestCaseSource(nameof(DropConnectCases))]
    public void DropConnect_Training_GradientsMatchReferenceWithMaskedR(LayerExecution execution, bool pruned)
    {
        var rng = new Random(41);
        for (int attempt = 0; attempt < 50; attempt++)
        {
            EgruHarness h = EgruHarness.Create(rng, 7, 12, 5, 3, new EgruOptions(), maskDensity: pruned ? 0.4 : null);
            h.Layer.RecurrentDropConnect = 0.4f;
            h.Layer.Execution = execution;

            // The reference runs on R_eff = R ⊙ m/(1 − p) computed exactly as the layer does; dR = dR_eff ⊙ m/(1 − p).
            h.Layer.Forward(h.X, h.Steps, h.InitialState(), new float[h.Steps * h.Batch * h.Hidden], h.Layer.CreateCache(h.Steps, h.Batch), new Random(5));
            float[] scale = (float[])h.Layer.DropConnectScale!.Clone();
            void UseMaskedR(ReferenceEgru reference)
            {
                for (int k = 0; k < scale.Length; k++)
                {
                    reference.R[k] = h.Layer.R.Value[k] * scale[k];
                }
            }

            UseMaskedR(h.Reference);
            if (h.HasTie())
            {
                continue;
            }

            EgruReferenceTests.CheckAgainstReference(h, $"DropConnect {execution}", UseMaskedR, (name, k) => name == "R" ? scale[k] : 1.0);
            return;
        }

        Assert.Fail("No tie-free draw.");
    }
}
