// Shape letters: B batch, I input width, H hidden units; gate blocks [z | r | g] along 3H.
using System.Numerics.Tensors;
using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Kernels.Pointwise;

namespace Sparsity.Models.Layers;

/// <summary>The step API and the forward step shared by <see cref="Forward"/> and <see cref="ForwardStep"/>.</summary>
public sealed partial class Egru
{
    /// <summary>
    /// Event-driven products are chosen (recurrent product per step, auto input mode, and the transposed products of
    /// backward) when at most this fraction of the operand is nonzero: an event AXPY reuses no weight across rows,
    /// the register-blocked GEMM reuses every load four ways, so events pay only well below full density (measured at
    /// I = H = 256, B = 64: at activity 0.32 the all-event forward was ≈ 20 % slower than the GEMM one). Settable so
    /// tests can force every event path (1.0) whatever the activity of small random problems.
    /// </summary>
    internal static double AutoEventDensity { get; set; } = DefaultAutoEventDensity;

    /// <inheritdoc/>
    /// <remarks>
    /// Runs the same kernels, row by row, as <see cref="Forward"/> (with no DropConnect), so a stream of steps gives the
    /// same outputs and state as one window over the same tokens (bit for bit when <see cref="EgruOptions.SparseInput"/>
    /// is set). Uses working weight copies refreshed only when stale (see <see cref="InvalidateWeightCopies"/>);
    /// allocates only when the batch size changes. Never resets c. <paramref name="y"/> may be <c>state.Y</c> itself
    /// but may not overlap <paramref name="x"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state's width is not H, a length is not the stated shape, or
    /// <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    public void ForwardStep(ReadOnlySpan<float> x, RecurrentState state, Span<float> y)
    {
        ThrowHelper.NotNull(state, nameof(state));
        CheckState(state, state.Batch);
        int b = state.Batch, h = HiddenSize, i = InputSize, g = 3 * h;
        ThrowHelper.Length(x.Length, (long)b * i, nameof(x), "[B, I]");
        ThrowHelper.Length(y.Length, (long)b * h, nameof(y), "[B, H]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        if (!_stepWeightsFresh)
        {
            _work.Refresh(W, R, 0f, null, Theta, SigmoidThresholds);
            _stepWeightsFresh = true;
        }

        StepWorkspace ws = _step is { Batch: var cached } s && cached == b ? s : (_step = new StepWorkspace(b, i, h));
        LayerExecution execution = Execution;
        long macs = CountMacs(x, i, _work.WColumnNonZeros, out long inputNonZeros);
        long executed;
        if (UseInputEvents(execution, b, inputNonZeros, x.Length, macs, (long)b * g * i))
        {
            executed = ProjectEvents(x, ws.InputEvents, ws.A, macs, inputNonZeros);
        }
        else
        {
            DenseGemm.Multiply(x, b, i, W.Value, g, ws.A);
            executed = (long)b * g * i;
        }

        AddRows(ws.A, b, Bx.Value);
        long nonZero = 0;
        macs += StepCore(ws.A, state.Y, state.C, b, execution, ws.StateEvents, ws.Q, ws.Gates, ws.Qg, ws.CHat, y, state.C, ref nonZero, ref executed);
        y.CopyTo(state.Y);
        Statistics.Outputs += (long)b * h;
        Statistics.NonZeroOutputs += nonZero;
        Statistics.ForwardMacs += macs;
        Statistics.ExecutedForwardMacs += executed;
        Statistics.DenseForwardMacs += (long)b * g * (i + h);
    }

    /// <summary>
    /// One forward step for B rows (egru.md §1): q = R_eff y_{t−1} + br (event-driven in sparse mode when at most
    /// <see cref="AutoEventDensity"/> of y_{t−1} is nonzero), the gates, ĉ, the event and the reset.
    /// Saves the gates <c>[B, 3H]</c>, qg and ĉ <c>[B, H]</c>; writes y_t and c_t. <paramref name="cOut"/> may be
    /// <paramref name="cPrev"/> and <paramref name="yOut"/> may be <paramref name="yPrev"/> (each element is read
    /// before it is written, and y_{t−1} is consumed by the product first). Returns the recurrent product's
    /// multiply-accumulates (nonzero weight × nonzero y_{t−1}) and adds those its kernel executed to <paramref name="executed"/>.
    /// </summary>
    private long StepCore(
        ReadOnlySpan<float> a, ReadOnlySpan<float> yPrev, ReadOnlySpan<float> cPrev, int batch, LayerExecution execution, EventBatch stateEvents,
        Span<float> q, Span<float> gates, Span<float> qg, Span<float> cHat, Span<float> yOut, Span<float> cOut, ref long nonZero, ref long executed)
    {
        int h = HiddenSize, g = 3 * h;
        long macs = CountMacs(yPrev, h, _work.RColumnNonZeros, out long active);

        // Event-driven only while the work left is small: the decision depends on this step's B rows alone, so a window
        // and a stream of steps over the same tokens still run the same kernel.
        CscMatrix? rCsc = _work.RCscFor(batch);
        if (!UseEvents(execution, active, yPrev.Length, macs, (long)batch * g * h, rCsc is not null))
        {
            DenseGemm.Multiply(yPrev, batch, h, _work.REffective.Data, g, q);
            executed += (long)batch * g * h;
        }
        else
        {
            EventExtraction.ExtractBatch(yPrev, stateEvents);
            if (rCsc is { } csc)
            {
                EventSpmmCsc.Multiply(csc, stateEvents, q);
                executed += macs;
            }
            else
            {
                EventGemmDense.Multiply(_work.Rt, stateEvents, q);
                executed += active * g;
            }
        }

        AddRows(q, batch, Br.Value);
        ReadOnlySpan<float> theta = _work.Theta;
        bool soft = Options.Reset == EgruResetMode.SubtractThreshold;
        long[] firings = Statistics.FiringsFor(h);
        float band = 1f / Options.SurrogateBeta;
        long inBand = 0;
        double sumAbs = 0;
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> ar = a.Slice(r * g, g);
            Span<float> qr = q.Slice(r * g, g), gr = gates.Slice(r * g, g);
            Span<float> zr = gr[..(2 * h)], cand = gr[(2 * h)..];

            // z, r = σ(a + q) over the first two blocks at once; g = tanh(a_g + r ⊙ q_g).
            TensorPrimitives.Add(ar[..(2 * h)], qr[..(2 * h)], zr);
            Pointwise.Sigmoid(zr, zr);
            qr[(2 * h)..].CopyTo(qg.Slice(r * h, h));
            TensorPrimitives.Multiply(gr.Slice(h, h), qr[(2 * h)..], cand);
            TensorPrimitives.Add(cand, ar[(2 * h)..], cand);
            Pointwise.Tanh(cand, cand);

            int o0 = r * h;
            for (int j = 0; j < h; j++)
            {
                float z = gr[j], gc = cand[j], th = theta[j];
                float ch = (z * cPrev[o0 + j]) + ((1f - z) * gc);
                cHat[o0 + j] = ch;
                bool fired = ch - th > 0f; // strict: H(0) = 0; a NaN never fires
                float yv = fired ? ch : 0f;
                if (yv != 0f)
                {
                    nonZero++;
                    firings[j]++;
                }

                // Health counters (cheap beside the gates): inside the band the surrogate passes gradient.
                sumAbs += MathF.Abs(ch);
                if (MathF.Abs(ch - th) < band)
                {
                    inBand++;
                }

                yOut[o0 + j] = yv;
                cOut[o0 + j] = !fired ? ch : soft ? ch - th : 0f;
            }
        }

        Statistics.StateEntries += (long)batch * h;
        Statistics.InSurrogateBand += inBand;
        Statistics.SumAbsState += sumAbs;
        return macs;
    }

    /// <summary>
    /// Whether the input projection runs event-driven: always when a pruned W held as CSC leaves little work (weight
    /// sparsity alone pays, even for a dense input such as the embedding); otherwise as <see cref="EgruOptions.SparseInput"/>
    /// says, or by the input's activity.
    /// </summary>
    private bool UseInputEvents(LayerExecution execution, int batch, long nonZeros, int length, long macs, long denseMacs)
    {
        if (execution != LayerExecution.Sparse)
        {
            return false;
        }

        bool csc = _work.WCscFor(batch) is not null;
        bool pays = UseEvents(execution, nonZeros, length, macs, denseMacs, csc);
        return csc ? pays || Options.SparseInput == true : Options.SparseInput ?? pays;
    }

    /// <summary>
    /// Whether a product runs event-driven: over a dense kernel when at most <see cref="AutoEventDensity"/> of the
    /// operand is nonzero; over a pruned kernel held as CSC when the multiply-accumulates left (nonzero weights in the
    /// columns of nonzero inputs) are at most that fraction of the dense product's — so a dense input (the embedding of
    /// the first layer, a batch-1 step with many units firing) still skips the pruned weights.
    /// </summary>
    private static bool UseEvents(LayerExecution execution, long nonZeros, int length, long macs, long denseMacs, bool csc) =>
        execution == LayerExecution.Sparse && (csc ? AutoEventDensity >= 1 || macs <= CscEventWork * denseMacs : nonZeros <= AutoEventDensity * length);

    private const double DefaultAutoEventDensity = 0.25;

    /// <summary>Largest fraction of the dense product's multiply-adds for which the CSC product runs (see EgruWorkingWeights.SingleRowCscMaxDensity); an <see cref="AutoEventDensity"/> of 1 (tests forcing events) lifts it.</summary>
    private const double CscEventWork = 0.12;

    /// <summary>
    /// <c>a [B, 3H] = W x</c> over the nonzero inputs: the combined CSC kernel for a sparse-enough pruned W, else event
    /// AXPYs over Wt. Returns the multiply-accumulates executed: <paramref name="macs"/> (the nonzero weights in the
    /// active columns) for CSC, every weight of the active columns for the dense copy. <paramref name="macs"/> and
    /// <paramref name="inputNonZeros"/> are the counts the caller accounts for: this call's rows, or a whole window of
    /// steps with the same B (the kernel choice depends on B alone).
    /// </summary>
    private long ProjectEvents(ReadOnlySpan<float> x, EventBatch events, Span<float> a, long macs, long inputNonZeros)
    {
        EventExtraction.ExtractBatch(x, events);
        if (_work.WCscFor(events.BatchSize) is { } csc)
        {
            EventSpmmCsc.Multiply(csc, events, a);
            return macs;
        }

        EventGemmDense.Multiply(_work.Wt, events, a);
        return inputNonZeros * 3 * HiddenSize;
    }

    /// <summary>Σ over the nonzero entries of <c>x [rows, width]</c> of the nonzero weights in that input's column.</summary>
    private static long CountMacs(ReadOnlySpan<float> x, int width, int[] columnNonZeros, out long nonZeros)
    {
        long macs = 0, count = 0;
        for (int p = 0; p < x.Length; p += width)
        {
            ReadOnlySpan<float> row = x.Slice(p, width);
            for (int j = 0; j < row.Length; j++)
            {
                if (row[j] != 0f)
                {
                    count++;
                    macs += columnNonZeros[j];
                }
            }
        }

        nonZeros = count;
        return macs;
    }

    /// <summary>Adds <paramref name="bias"/> to each of <paramref name="rows"/> rows of <paramref name="m"/>.</summary>
    private static void AddRows(Span<float> m, int rows, ReadOnlySpan<float> bias)
    {
        int w = bias.Length;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = m.Slice(r * w, w);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>Buffers of <see cref="ForwardStep"/> for one batch size.</summary>
    private sealed class StepWorkspace(int batch, int input, int hidden)
    {
        public int Batch { get; } = batch;

        public float[] A { get; } = new float[batch * 3 * hidden];

        public float[] Q { get; } = new float[batch * 3 * hidden];

        public float[] Gates { get; } = new float[batch * 3 * hidden];

        public float[] Qg { get; } = new float[batch * hidden];

        public float[] CHat { get; } = new float[batch * hidden];

        public EventBatch InputEvents { get; } = new(batch, input);

        public EventBatch StateEvents { get; } = new(batch, hidden);
    }
}
