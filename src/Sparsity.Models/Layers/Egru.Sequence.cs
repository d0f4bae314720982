// Shape letters: B batch, T time, I input width, H hidden units, N = T·B rows; gate blocks [z | r | g] along 3H.
using System.Numerics.Tensors;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;

namespace Sparsity.Models.Layers;

/// <summary>The sequence API: forward over a window into a cache, and BPTT back through it (egru.md §1–§2).</summary>
public sealed partial class Egru
{
    /// <inheritdoc/>
    /// <remarks>
    /// Refreshes the working weight copies (and, with <paramref name="random"/> and <see cref="RecurrentDropConnect"/>
    /// &gt; 0, draws one DropConnect mask for the whole window), then computes the input projection of all N = T·B rows,
    /// then walks the steps. With <see cref="EgruOptions.ResetInternalStatePerWindow"/> the state's c is zeroed first.
    /// <paramref name="y"/> may not overlap <paramref name="x"/>. Statistics: outputs, nonzero outputs and the
    /// multiply-accumulates of nonzero weight × nonzero input (whatever <see cref="Execution"/> is).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> or <paramref name="cache"/> is null.</exception>
    /// <exception cref="ArgumentException">The cache is not an <see cref="EgruCache"/> of this layer, the state's shape
    /// differs from <c>[cache.Batch, H]</c>, a length is not the stated shape, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or above the cache's MaxSteps.</exception>
    public void Forward(ReadOnlySpan<float> x, int steps, RecurrentState state, Span<float> y, RecurrentCache cache, Random? random = null)
    {
        EgruCache k = OwnCache(cache);
        ThrowHelper.NotNull(state, nameof(state));
        if ((uint)steps > (uint)k.MaxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The window must have 0..{k.MaxSteps} steps (the cache's MaxSteps).");
        }

        CheckState(state, k.Batch);
        int b = k.Batch, h = HiddenSize, i = InputSize, g = 3 * h, n = steps * b;
        ThrowHelper.Length(x.Length, (long)n * i, nameof(x), "[T, B, I]");
        ThrowHelper.Length(y.Length, (long)n * h, nameof(y), "[T, B, H]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));

        LayerExecution execution = Execution;
        _work.Refresh(W, R, _dropConnect, random, Theta, SigmoidThresholds);
        _stepWeightsFresh = _work.DropScale is null;
        k.Generation = _work.Generation;
        k.Execution = execution;
        k.Steps = steps;
        k.HasForward = true;

        if (Options.ResetInternalStatePerWindow)
        {
            Array.Clear(state.C);
        }

        int bh = b * h;
        state.C.CopyTo(k.C, 0);
        state.Y.CopyTo(k.Y, 0);
        x.CopyTo(k.X);
        if (steps == 0)
        {
            k.InputWasSparse = false;
            return;
        }

        // Input projection a = W x + bx for every row of the window at once (no recurrence involved).
        long macs = CountMacs(x, i, _work.WColumnNonZeros, out long inputNonZeros);
        bool events = UseInputEvents(execution, b, inputNonZeros, x.Length, macs, (long)n * g * i);
        k.InputWasSparse = events && inputNonZeros <= AutoEventDensity * x.Length;
        Span<float> a = k.Projection.AsSpan(0, n * g);
        long executed = 0;
        if (events)
        {
            // Per step: an EventBatch has a fixed row count (B), and rows are independent, so this equals one big call.
            // Every step picks the same kernel (it depends on B alone), so the window's totals give what was executed.
            for (int t = 0; t < steps; t++)
            {
                executed = ProjectEvents(x.Slice(t * b * i, b * i), k.InputEvents, a.Slice(t * b * g, b * g), macs, inputNonZeros);
            }
        }
        else
        {
            DenseGemm.Multiply(x, n, i, W.Value, g, a);
            executed = (long)n * g * i;
        }

        AddRows(a, n, Bx.Value);

        long nonZero = 0;
        for (int t = 0; t < steps; t++)
        {
            int rows = t * b;
            Span<float> yNext = k.Y.AsSpan((t + 1) * bh, bh);
            Span<float> cNext = k.C.AsSpan((t + 1) * bh, bh);
            macs += StepCore(
                a.Slice(rows * g, b * g), k.Y.AsSpan(t * bh, bh), k.C.AsSpan(t * bh, bh), b, execution, k.StateEvents, k.StepProduct,
                k.Gates.AsSpan(rows * g, b * g), k.Qg.AsSpan(rows * h, bh), k.CHat.AsSpan(rows * h, bh), yNext, cNext, ref nonZero, ref executed);
            yNext.CopyTo(y.Slice(t * bh, bh));
        }

        k.C.AsSpan(steps * bh, bh).CopyTo(state.C);
        k.Y.AsSpan(steps * bh, bh).CopyTo(state.Y);
        Statistics.Outputs += (long)n * h;
        Statistics.NonZeroOutputs += nonZero;
        Statistics.ForwardMacs += macs;
        Statistics.ExecutedForwardMacs += executed;
        Statistics.DenseForwardMacs += (long)n * g * (i + h);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The reverse-time recursion of egru.md §2 with the triangular surrogate <c>γ·max(0, 1 − β|s|)</c>. A unit whose
    /// gradient into ĉ is exactly zero (no event, zero surrogate, nothing carried through c) is skipped. Parameter
    /// gradients are added (pruned entries get nothing; dR is scaled by the window's DropConnect mask);
    /// <paramref name="dx"/> is overwritten. <paramref name="dx"/> may not overlap <paramref name="dy"/>.
    /// Statistics: surrogate values evaluated and how many were zero.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> is null.</exception>
    /// <exception cref="ArgumentException">The cache is not an <see cref="EgruCache"/> of this layer, a length is not the
    /// stated shape, or <paramref name="dx"/> overlaps <paramref name="dy"/>.</exception>
    /// <exception cref="InvalidOperationException">No forward was recorded in the cache, or the layer's working weights
    /// were refreshed (by another forward or a step) since it was.</exception>
    public void Backward(RecurrentCache cache, ReadOnlySpan<float> dy, Span<float> dx)
    {
        EgruCache k = OwnCache(cache);
        if (!k.HasForward)
        {
            throw new InvalidOperationException("Backward needs a forward recorded in this cache first.");
        }

        if (k.Generation != _work.Generation)
        {
            throw new InvalidOperationException("The layer ran another forward (or a step refreshed its weights) after the one recorded in this cache; backward must follow its own forward.");
        }

        int steps = k.Steps, b = k.Batch, h = HiddenSize, i = InputSize, g = 3 * h, n = steps * b, bh = b * h;
        ThrowHelper.Length(dy.Length, (long)n * h, nameof(dy), "[T, B, H]");
        ThrowHelper.Length(dx.Length, (long)n * i, nameof(dx), "[T, B, I]");
        ThrowHelper.NoOverlap<float, float>(dy, dx, nameof(dx), nameof(dy));
        _stepWeightsFresh = false;
        if (steps == 0)
        {
            return;
        }

        bool sparse = k.Execution == LayerExecution.Sparse;
        Span<float> dP = k.Projection.AsSpan(0, n * g);
        Span<float> dQ = k.DQ.AsSpan(0, n * g);
        Span<float> dyRec = k.DyRecurrent, dc = k.DcCarry, dTheta = k.DTheta;
        dyRec.Clear();
        dc.Clear();
        dTheta.Clear();
        long zeroSurrogates = 0;
        for (int t = steps - 1; t >= 0; t--)
        {
            zeroSurrogates += BackwardStepCore(k, t, dy.Slice(t * bh, bh), dP.Slice(t * b * g, b * g), dQ.Slice(t * b * g, b * g));
            if (t > 0)
            {
                // dy_rec(t−1) = R_effᵀ dq_t; no gradient flows into the window's initial state, so skip it at t = 0.
                TransposedProduct(sparse, dQ.Slice(t * b * g, b * g), b, _work.REffective, _work.Rt.Data, h, k.GateEvents, dyRec);
            }
        }

        AddRowSums(dP, n, Bx.Gradient);
        AddRowSums(dQ, n, Br.Gradient);

        // dx = Wᵀ dp: per step, event-driven, in sparse mode while dp is sparse (the event list has B rows); otherwise one
        // GEMM over all T·B rows, which reads W once instead of once per step (at B = 1 the per-step products would
        // stream the whole of W from memory T times).
        if (sparse && NonZeroFraction(dP) <= AutoEventDensity)
        {
            for (int t = 0; t < steps; t++)
            {
                TransposedProduct(true, dP.Slice(t * b * g, b * g), b, _work.W, _work.Wt.Data, i, k.GateEvents, dx.Slice(t * b * i, b * i));
            }
        }
        else
        {
            DenseGemm.Multiply(dP, n, g, _work.Wt.Data, i, dx);
        }

        ReadOnlySpan<float> x = k.X.AsSpan(0, n * i);
        ReadOnlySpan<float> yPrev = k.Y.AsSpan(0, n * h);
        if (sparse && k.InputWasSparse)
        {
            // dWt [I, 3H] += Xᵀ dp: one AXPY of a dp row per nonzero input (the kernel skips zero X entries).
            float[] s = _dWScratch ??= new float[W.Length];
            WeightGradient.Accumulate(x, n, i, dP, g, s, accumulate: false);
            AddTransposed(s, i, g, W.Gradient, W.Mask, null);
        }
        else if (W.Mask is null)
        {
            WeightGradient.Accumulate(dP, n, g, x, i, W.Gradient, accumulate: true);
        }
        else
        {
            float[] s = _dWScratch ??= new float[W.Length];
            WeightGradient.Accumulate(dP, n, g, x, i, s, accumulate: false);
            AddMasked(s, W.Gradient, W.Mask, null);
        }

        float[]? drop = _work.DropScale;
        if (sparse)
        {
            // dRt [H, 3H] += Y_prevᵀ dq: only units that fired at t − 1 contribute a row.
            float[] s = _dRScratch ??= new float[R.Length];
            WeightGradient.Accumulate(yPrev, n, h, dQ, g, s, accumulate: false);
            AddTransposed(s, h, g, R.Gradient, R.Mask, drop);
        }
        else if (R.Mask is null && drop is null)
        {
            WeightGradient.Accumulate(dQ, n, g, yPrev, h, R.Gradient, accumulate: true);
        }
        else
        {
            float[] s = _dRScratch ??= new float[R.Length];
            WeightGradient.Accumulate(dQ, n, g, yPrev, h, s, accumulate: false);
            AddMasked(s, R.Gradient, R.Mask, drop);
        }

        if (SigmoidThresholds)
        {
            // θ = σ(θ_raw): dθ_raw = dθ · θ(1 − θ), with θ as the forward used it.
            ReadOnlySpan<float> theta = _work.Theta;
            for (int j = 0; j < h; j++)
            {
                dTheta[j] *= theta[j] * (1f - theta[j]);
            }
        }

        TensorPrimitives.Add(Theta.Gradient, dTheta, Theta.Gradient);
        Statistics.SurrogateEvaluations += (long)n * h;
        Statistics.ZeroSurrogates += zeroSurrogates;
    }

    /// <summary>
    /// One reverse step for all B rows: reads dy_t, the carried dy_rec and dc, the saved gates; writes dp_t and dq_t
    /// <c>[B, 3H]</c>, updates dc to dc_{t−1} in place and accumulates dθ. Returns how many surrogate values were zero.
    /// </summary>
    private long BackwardStepCore(EgruCache k, int t, ReadOnlySpan<float> dy, Span<float> dP, Span<float> dQ)
    {
        int b = k.Batch, h = HiddenSize, g = 3 * h, bh = b * h;
        float gamma = Options.SurrogateGamma, beta = Options.SurrogateBeta;
        bool soft = Options.Reset == EgruResetMode.SubtractThreshold;
        ReadOnlySpan<float> theta = _work.Theta;
        ReadOnlySpan<float> gates = k.Gates.AsSpan(t * b * g, b * g);
        ReadOnlySpan<float> qgAll = k.Qg.AsSpan(t * bh, bh);
        ReadOnlySpan<float> cHatAll = k.CHat.AsSpan(t * bh, bh);
        ReadOnlySpan<float> cPrevAll = k.C.AsSpan(t * bh, bh);
        Span<float> dyRec = k.DyRecurrent, dcAll = k.DcCarry, dTheta = k.DTheta;
        long zeros = 0;
        for (int r = 0; r < b; r++)
        {
            ReadOnlySpan<float> gr = gates.Slice(r * g, g);
            Span<float> dp = dP.Slice(r * g, g), dq = dQ.Slice(r * g, g);
            int o0 = r * h;
            for (int j = 0; j < h; j++)
            {
                float dyv = dy[o0 + j] + dyRec[o0 + j];
                float dcv = dcAll[o0 + j];
                float cHat = cHatAll[o0 + j], th = theta[j];
                float s = cHat - th;
                bool fired = s > 0f;
                float tri = 1f - (beta * MathF.Abs(s));
                float surrogate = tri < 0f ? 0f : gamma * tri;
                float ds = 0f;
                if (surrogate == 0f)
                {
                    zeros++;
                }
                else
                {
                    // o reaches the loss through y = o·ĉ and the reset (c = ĉ − o·θ, or c = ĉ − o·ĉ).
                    ds = surrogate * ((cHat * dyv) - ((soft ? th : cHat) * dcv));
                }

                dTheta[j] -= soft && fired ? ds + dcv : ds;
                float dcHat = (fired ? dyv : 0f) + ds + (soft || !fired ? dcv : 0f);
                if (dcHat == 0f)
                {
                    // Sparse BPTT: nothing reaches this unit's state at this step, so every gate gradient is zero.
                    dcAll[o0 + j] = 0f;
                    dp[j] = dp[h + j] = dp[(2 * h) + j] = 0f;
                    dq[j] = dq[h + j] = dq[(2 * h) + j] = 0f;
                    continue;
                }

                float z = gr[j], rg = gr[h + j], gc = gr[(2 * h) + j];
                dcAll[o0 + j] = z * dcHat;
                float dg = (1f - z) * dcHat;
                float dz = (cPrevAll[o0 + j] - gc) * dcHat;
                float dpg = (1f - (gc * gc)) * dg;
                float dr = qgAll[o0 + j] * dpg;
                float dpr = rg * (1f - rg) * dr;
                float dpz = z * (1f - z) * dz;
                dp[j] = dq[j] = dpz;
                dp[h + j] = dq[h + j] = dpr;
                dp[(2 * h) + j] = dpg;
                dq[(2 * h) + j] = rg * dpg;
            }
        }

        return zeros;
    }

    /// <summary>
    /// <c>out [B, M] = G [B, 3H] · A</c> for a kernel <c>A [3H, M]</c> (R_eff or W): event-driven over the nonzeros of
    /// G in sparse mode when they are few (row j of A is the AXPY of event j), else a GEMM against <c>At [M, 3H]</c>.
    /// </summary>
    private static void TransposedProduct(bool sparse, ReadOnlySpan<float> grad, int rows, Core.Dense.DenseMatrix a, float[] at, int m, EventBatch events, Span<float> output)
    {
        if (sparse && EventExtraction.ExtractBatch(grad, events) <= AutoEventDensity * grad.Length)
        {
            EventGemmDense.Multiply(a, events, output);
        }
        else
        {
            DenseGemm.Multiply(grad, rows, a.Rows, at, m, output);
        }
    }

    private EgruCache OwnCache(RecurrentCache cache)
    {
        ThrowHelper.NotNull(cache, nameof(cache));
        if (cache is not EgruCache k || !ReferenceEquals(k.Owner, this))
        {
            throw new ArgumentException("The cache was not created by this layer's CreateCache.", nameof(cache));
        }

        return k;
    }

    private void CheckState(RecurrentState state, int batch)
    {
        if (state.Batch != batch || state.Hidden != HiddenSize)
        {
            throw new ArgumentException($"The state is [{state.Batch}, {state.Hidden}] but must be [{batch}, {HiddenSize}].", nameof(state));
        }
    }

    private static double NonZeroFraction(ReadOnlySpan<float> values) =>
        (values.Length - values.Count(0f)) / (double)values.Length; // ±0 count as zero, NaN as nonzero

    private static void AddRowSums(ReadOnlySpan<float> rows, int count, Span<float> sum)
    {
        int w = sum.Length;
        for (int r = 0; r < count; r++)
        {
            TensorPrimitives.Add(sum, rows.Slice(r * w, w), sum);
        }
    }
}
