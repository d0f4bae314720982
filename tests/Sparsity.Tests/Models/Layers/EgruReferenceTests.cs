using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;
using Sparsity.Tests.Reference.Models;
using EgruCache = Sparsity.Models.Layers.EgruCache;

namespace Sparsity.Tests.Models.Layers;

/// <summary>
/// The production float EGRU against the dense double reference (egru.md §1–§2, same surrogate): outputs, final
/// state, input gradient and every parameter gradient by name, over random small shapes (H and I mostly not
/// multiples of 8, B 1..4, T 1..6), both reset modes, dense execution and sparse execution (with its
/// default density cutoffs and with every event-driven path forced), with and without pruning masks and with
/// dense and event-like inputs.
/// </summary>
/// <remarks>
/// Tolerance: |actual − expected| ≤ 1e-4·|expected| + 2e-5·max|expected| per tensor (float rounding through ≤ 6 steps;
/// observed errors reach about a fifth of it). The Heaviside makes float and double disagree wherever ĉ lies within
/// rounding of θ; such draws are rejected before comparing (<see cref="EgruHarness.TieMargin"/> = 1e-4 on |ĉ − θ|), so
/// no compared case sits on a discontinuity.
/// </remarks>
public sealed class EgruReferenceTests
{
    private const double RelativeTolerance = 1e-4;
    private const double ScaleTolerance = 2e-5;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (EgruResetMode reset in new[] { EgruResetMode.SubtractThreshold, EgruResetMode.SubtractOutput })
        {
            foreach ((LayerExecution execution, bool forceEvents) in new[] { (LayerExecution.Sparse, true), (LayerExecution.Sparse, false), (LayerExecution.Dense, false) })
            {
                foreach (string masks in new[] { "dense", "pruned8", "pruned20", "pruned80" })
                {
                    for (int seed = 1; seed <= 4; seed++)
                    {
                        string mode = forceEvents ? "SparseAllEvents" : execution.ToString();
                        yield return new TestCaseData(reset, execution, forceEvents, masks, seed)
                            .SetName($"ForwardBackward_{reset}_{mode}_{masks}_Seed{seed}_MatchesReference");
                    }
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void ForwardBackward_RandomShapes_MatchesReference(EgruResetMode reset, LayerExecution execution, bool forceEvents, string masks, int seed)
    {
        // Small random problems fire often; forcing the event cutoff to 1 runs every event-driven kernel regardless.
        using var events = new ForcedEvents(forceEvents);
        var rng = new Random((seed * 7919) + ((int)reset * 31) + masks.Length);
        int input = rng.Next(1, 14), hidden = rng.Next(1, 14), steps = rng.Next(1, 7), batch = rng.Next(1, 5);
        bool? sparseInput = (seed % 3) switch { 0 => null, 1 => true, _ => false };
        double zeroFraction = seed % 2 == 0 ? 0.8 : 0.0;
        double? density = masks switch { "pruned8" => 0.08, "pruned20" => 0.2, "pruned80" => 0.8, _ => null };
        var options = new EgruOptions { Reset = reset, SparseInput = sparseInput };
        EgruHarness h = EgruHarness.CreateWithoutTies(rng, input, hidden, steps, batch, options, zeroFraction, density);
        h.Layer.Execution = execution;
        if (density is double d)
        {
            // Kept 8 %: the combined CSC kernels run at any batch; 20 %: only for single-row steps; 80 %: the event AXPYs
            // over zero-filled copies run instead.
            h.Layer.Forward(h.X, h.Steps, h.InitialState(), new float[h.Steps * h.Batch * hidden], h.Layer.CreateCache(h.Steps, h.Batch));
            bool csc = d < 0.1 || (d < 0.3 && h.Batch == 1);
            Assert.That(h.Layer.WorkingWeights.WCscFor(h.Batch) is not null, Is.EqualTo(csc), "CSC copy of W");
            Assert.That(h.Layer.WorkingWeights.RCscFor(h.Batch) is not null, Is.EqualTo(csc), "CSC copy of R");
        }

        string what = $"I={input} H={hidden} T={steps} B={batch} sparseInput={sparseInput?.ToString() ?? "auto"} zeros={zeroFraction}";
        CheckAgainstReference(h, what);
    }

    [Test]
    public void ForwardBackward_LargerThreadedShape_MatchesReference()
    {
        // Large enough (N·3H·I ≥ 2¹⁷) that the GEMM, weight-gradient and event kernels split work across threads.
        var rng = new Random(99);
        foreach (LayerExecution execution in new[] { LayerExecution.Sparse, LayerExecution.Dense })
        {
            var options = new EgruOptions { SparseInput = execution == LayerExecution.Sparse };
            EgruHarness h = EgruHarness.CreateWithoutTies(rng, 45, 37, 6, 9, options, inputZeroFraction: 0.85, maskDensity: 0.4);
            h.Layer.Execution = execution;
            CheckAgainstReference(h, $"threaded {execution}");
        }
    }

    [TestCase(LayerExecution.Sparse, EgruResetMode.SubtractThreshold)]
    [TestCase(LayerExecution.Dense, EgruResetMode.SubtractOutput)]
    public void ForwardBackward_SigmoidThresholds_MatchesReferenceThroughTheSigmoid(LayerExecution execution, EgruResetMode reset)
    {
        var rng = new Random(77);
        var options = new EgruOptions { ThresholdParameterization = EgruThresholdParameterization.Sigmoid, Reset = reset };
        for (int attempt = 0; attempt < 50; attempt++)
        {
            EgruHarness h = EgruHarness.Create(rng, 6, 11, 5, 3, options);
            h.Layer.Execution = execution;

            // The layer holds θ_raw = logit θ; the reference runs on θ = σ(θ_raw) exactly as the layer computed it, and
            // expects dθ_raw = dθ · θ(1 − θ).
            float[] raw = h.Layer.Theta.Value;
            for (int j = 0; j < raw.Length; j++)
            {
                raw[j] = (float)Math.Log((h.Reference.Theta[j] + 1e-3) / (1 - h.Reference.Theta[j] - 1e-3));
            }

            h.Layer.Forward(h.X, h.Steps, h.InitialState(), new float[h.Steps * h.Batch * h.Hidden], h.Layer.CreateCache(h.Steps, h.Batch));
            float[] theta = (float[])h.Layer.WorkingWeights.Theta.Clone();
            Assert.That(theta, Is.Not.SameAs(raw));
            void UseSigmoidTheta(ReferenceEgru reference)
            {
                for (int j = 0; j < theta.Length; j++)
                {
                    reference.Theta[j] = theta[j];
                }
            }

            UseSigmoidTheta(h.Reference);
            if (h.HasTie())
            {
                continue;
            }

            CheckAgainstReference(h, $"sigmoid thresholds {execution}", UseSigmoidTheta, (name, j) => name == "theta" ? theta[j] * (1.0 - theta[j]) : 1.0);
            return;
        }

        Assert.Fail("No tie-free draw.");
    }

    /// <summary>Runs both models and compares everything; gradients are pre-filled to check they are added to.</summary>
    internal static void CheckAgainstReference(EgruHarness h, string what, Action<ReferenceEgru>? adjustReference = null, Func<string, int, double>? gradientScale = null)
    {
        Egru layer = h.Layer;
        RecurrentState state = h.InitialState();
        EgruCache cache = layer.CreateCache(h.Steps + 1, h.Batch);
        var y = new float[h.Steps * h.Batch * h.Hidden];
        Array.Fill(y, float.NaN);
        layer.Forward(h.X, h.Steps, state, y, cache, new Random(5));

        adjustReference?.Invoke(h.Reference);
        ReferenceForward expected = h.ReferenceForward();
        EgruAssert.Close($"{what}: y", EgruHarness.Flatten(expected.Y), y, RelativeTolerance, ScaleTolerance);
        EgruAssert.Close($"{what}: final c", EgruHarness.Flatten(expected.Final.C), state.C, RelativeTolerance, ScaleTolerance);
        EgruAssert.Close($"{what}: final y", EgruHarness.Flatten(expected.Final.Y), state.Y, RelativeTolerance, ScaleTolerance);

        const float Prefill = 0.25f;
        foreach (Parameter p in layer.Parameters)
        {
            Array.Fill(p.Gradient, Prefill);
            p.ApplyMask();
        }

        var dx = new float[h.Steps * h.Batch * h.Input];
        Array.Fill(dx, float.NaN);
        layer.Backward(cache, h.Gy, dx);
        ReferenceBackward back = h.Reference.Backward(expected.Cache, EgruHarness.To3(h.Gy, h.Steps, h.Batch, h.Hidden), null);
        EgruAssert.Close($"{what}: dx", EgruHarness.Flatten(back.Dx), dx, RelativeTolerance, ScaleTolerance);
        foreach (Parameter p in layer.Parameters)
        {
            double[] e = back.Parameters[p.Name];
            ReadOnlySpan<bool> kept = p.Mask is null ? default : p.Mask.AsSpan();
            var exp = new double[e.Length];
            var act = new float[e.Length];
            for (int k = 0; k < e.Length; k++)
            {
                bool pruned = p.Mask is not null && !kept[k];
                if (pruned)
                {
                    Assert.That(p.Gradient[k], Is.Zero, $"{what}: d{p.Name}[{k}] is pruned and must get no gradient");
                }

                exp[k] = pruned ? 0.0 : e[k] * (gradientScale?.Invoke(p.Name, k) ?? 1.0);
                act[k] = pruned ? 0f : p.Gradient[k] - Prefill;
            }

            EgruAssert.Close($"{what}: d{p.Name}", exp, act, RelativeTolerance, ScaleTolerance);
        }
    }
}
