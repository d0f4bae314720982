// Shape letters: B batch, T time, I input width, H hidden units; N = T·B rows of a window; G = 4H gate pre-activations.
using System.Numerics.Tensors;
using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Pointwise;
using Sparsity.Kernels.Sparse;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Layers;

/// <summary>
/// The dense-activation baseline of egru.md §3: a standard LSTM layer (the same equations, parameter names and gate
/// order as <c>torch.nn.LSTM</c>). Per step, for each batch row:
/// <code>
/// p   = W x_t + bx + R h_{t-1} + br        # W: [4H, I], R: [4H, H], bx, br: [4H]; blocks [i | f | g | o]
/// i, f, o = σ(p_i), σ(p_f), σ(p_o);  g = tanh(p_g)
/// c_t = f ⊙ c_{t-1} + i ⊙ g
/// h_t = o ⊙ tanh(c_t)                       # the output y_t, and the state's Y
/// </code>
/// The input projection of a whole window is one product over its T·B rows; the recurrent product is one product over
/// B rows per step. With <see cref="LayerExecution.Sparse"/> a kernel whose pruning mask keeps at most 15 % of it runs
/// the CSR SpMM (forward) and the masked outer product and transposed CSR SpMM (backward), so pruned LSTMs get real
/// speed-ups; without such a mask, or with <see cref="LayerExecution.Dense"/>, every product is a dense GEMM (over
/// zero-filled pruned weights: the same result).
/// Activations are never sparse here (h is almost never exactly 0), so inputs are always treated as dense.
/// </summary>
public sealed partial class Lstm : IRecurrentLayer
{
    private readonly Parameter _w;
    private readonly Parameter _r;
    private readonly Parameter _bx;
    private readonly Parameter _br;
    private readonly float[] _bias;
    private float _dropConnect;
    private LstmCache? _stepCache;
    private bool _stepViewsFresh;

    /// <summary>Creates a layer with zero parameters (call <see cref="Initialize"/>).</summary>
    /// <param name="inputSize">I (≥ 1).</param>
    /// <param name="hiddenSize">H (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Lstm(int inputSize, int hiddenSize)
    {
        ThrowHelper.Positive(inputSize, nameof(inputSize));
        ThrowHelper.Positive(hiddenSize, nameof(hiddenSize));
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        int g = checked(4 * hiddenSize);
        _w = new Parameter("W", ParameterKind.InputKernel, g, inputSize);
        _r = new Parameter("R", ParameterKind.RecurrentKernel, g, hiddenSize);
        _bx = new Parameter("bx", ParameterKind.Bias, g);
        _br = new Parameter("br", ParameterKind.Bias, g);
        Parameters = [_w, _r, _bx, _br];
        _bias = new float[g];
    }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int HiddenSize { get; }

    /// <summary>The parameters <c>W [4H, I]</c>, <c>R [4H, H]</c>, <c>bx [4H]</c>, <c>br [4H]</c>, in that order (gate blocks i|f|g|o).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Input kernel <c>W [4H, I]</c>.</summary>
    public Parameter W => _w;

    /// <summary>Recurrent kernel <c>R [4H, H]</c>.</summary>
    public Parameter R => _r;

    /// <summary>Input bias <c>bx [4H]</c>.</summary>
    public Parameter Bx => _bx;

    /// <summary>Recurrent bias <c>br [4H]</c>.</summary>
    public Parameter Br => _br;

    /// <inheritdoc/>
    public LayerExecution Execution { get; set; } = LayerExecution.Sparse;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in [0, 1).</exception>
    public float RecurrentDropConnect
    {
        get => _dropConnect;
        set
        {
            if (!(value >= 0f && value < 1f))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The DropConnect probability must be in [0, 1).");
            }

            _dropConnect = value;
        }
    }

    /// <inheritdoc/>
    public LayerStatistics Statistics { get; } = new();

    /// <summary>
    /// Draws W and R Xavier-normal (std = √(2 / (fan_in + fan_out)) over the whole <c>[4H, ·]</c> tensor, the
    /// initialisation egru.md §1 prescribes for the EGRU, so both models start alike) and sets both biases, the
    /// forget gate's included, to 0. Pruned entries stay 0.
    /// </summary>
    /// <param name="rng">Source of randomness.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    public void Initialize(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        XavierNormal(_w, rng);
        XavierNormal(_r, rng);
        Array.Clear(_bx.Value);
        Array.Clear(_br.Value);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public RecurrentCache CreateCache(int maxSteps, int batch) => new LstmCache(this, maxSteps, batch);

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="y"/> may alias <paramref name="x"/> (the inputs are copied into the cache first). When
    /// <see cref="RecurrentDropConnect"/> &gt; 0 and <paramref name="random"/> is given, one element-wise mask is drawn
    /// for this window and R ⊙ mask / (1 − p) is used at every step (and by the matching backward).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> or <paramref name="cache"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative or exceeds the cache's MaxSteps.</exception>
    /// <exception cref="ArgumentException">The cache is not one of this layer's, the state's shape differs from
    /// <c>[cache.Batch, H]</c>, or a span's length is not <c>T·B·I</c> (x) or <c>T·B·H</c> (y).</exception>
    public void Forward(ReadOnlySpan<float> x, int steps, RecurrentState state, Span<float> y, RecurrentCache cache, Random? random = null)
    {
        LstmCache c = OwnCache(cache, nameof(cache));
        ThrowHelper.NotNull(state, nameof(state));
        ThrowHelper.NonNegative(steps, nameof(steps));
        if (steps > c.MaxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The cache holds at most {c.MaxSteps} steps.");
        }

        CheckState(state, c.Batch);
        ThrowHelper.Length(x.Length, (long)steps * c.Batch * InputSize, nameof(x), "[T, B, I]");
        ThrowHelper.Length(y.Length, (long)steps * c.Batch * HiddenSize, nameof(y), "[T, B, H]");
        ForwardCore(x, steps, state, y, c, random);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Standard LSTM back-propagation through time (derivation in docs/derivations/lstm-backward.md): the window's
    /// pre-activation gradients dP <c>[T·B, 4H]</c> are formed step by step in reverse, then dW += dPᵀX, dR += dPᵀH_{t−1}
    /// (times the window's DropConnect factor), dbx = dbr += Σ dP and dx = dP·W each run once over all T·B rows.
    /// Pruned entries of dW and dR stay 0. <paramref name="dx"/> may alias <paramref name="dy"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="cache"/> is null.</exception>
    /// <exception cref="ArgumentException">The cache is not one of this layer's, or a span's length is not
    /// <c>T·B·H</c> (dy) or <c>T·B·I</c> (dx) for the recorded window.</exception>
    /// <exception cref="InvalidOperationException">No forward was recorded in the cache.</exception>
    public void Backward(RecurrentCache cache, ReadOnlySpan<float> dy, Span<float> dx)
    {
        _stepViewsFresh = false; // backward refreshes the views with its own (possibly DropConnect-masked) values
        LstmCache c = OwnCache(cache, nameof(cache));
        if (!c.HasForward)
        {
            throw new InvalidOperationException("Backward needs a forward recorded in this cache first.");
        }

        int n = c.Steps * c.Batch;
        ThrowHelper.Length(dy.Length, (long)n * HiddenSize, nameof(dy), "[T, B, H] of the recorded window");
        ThrowHelper.Length(dx.Length, (long)n * InputSize, nameof(dx), "[T, B, I] of the recorded window");
        BackwardCore(c, dy, dx);
    }

    /// <inheritdoc/>
    /// <remarks>Runs exactly the computation of a one-step <see cref="Forward"/> without DropConnect, through a cache the
    /// layer keeps for the purpose (created on the first call and whenever the batch changes), and counts statistics.
    /// In <see cref="LayerExecution.Sparse"/> with pruned kernels the products run on the CSR kernel, whose rounding can
    /// depend on how many rows one call holds, so the result equals a window's step to float rounding only.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The state's hidden width is not H, or a span's length is not <c>B·I</c> (x) or <c>B·H</c> (y).</exception>
    public void ForwardStep(ReadOnlySpan<float> x, RecurrentState state, Span<float> y)
    {
        ThrowHelper.NotNull(state, nameof(state));
        CheckState(state, state.Batch);
        ThrowHelper.Length(x.Length, (long)state.Batch * InputSize, nameof(x), "[B, I]");
        ThrowHelper.Length(y.Length, (long)state.Batch * HiddenSize, nameof(y), "[B, H]");
        if (_stepCache is null || _stepCache.Batch != state.Batch)
        {
            _stepCache = new LstmCache(this, 1, state.Batch);
        }

        ForwardCore(x, 1, state, y, _stepCache, random: null);
    }

    /// <summary>
    /// Sparse execution runs a pruned kernel on the CSR kernels only while its mask keeps at most this fraction; denser
    /// pruned kernels run the dense products over their zero-filled values (same result). Measured at batch 1 on
    /// [768, 128], [768, 256] and [384, 256]: CSR SpMV against the dense GEMV 2.0–2.5× at 5 % kept, 1.2–1.6× at 10 %,
    /// 0.78–0.87× at 20 %, 0.56–0.6× at 30 %; and the PTB LSTM pruned to 50 % streamed its recurrent layers at 310 µs
    /// per token on CSR against 135 µs dense. Settable so tests can run the CSR path at any density.
    /// </summary>
    internal double CsrMaxDensity { get; set; } = DefaultCsrMaxDensity;

    internal const double DefaultCsrMaxDensity = 0.15;

    private bool UsesCsr(Parameter p) =>
        Execution == LayerExecution.Sparse && p.Mask is { } mask && mask.Density <= CsrMaxDensity + Pruning.MagnitudePruner.DensityRoundingTolerance;

    /// <summary>
    /// Marks the pruned kernels' CSR copies used by <see cref="ForwardStep"/> as stale. Call it after changing the weights
    /// by any means other than a training window (loading, pruning, an optimiser step followed by streaming);
    /// <see cref="Backward"/> and every window <see cref="Forward"/> already do.
    /// </summary>
    public void InvalidateWeightCopies() => _stepViewsFresh = false;

    private void ForwardCore(ReadOnlySpan<float> x, int steps, RecurrentState state, Span<float> y, LstmCache c, Random? random)
    {
        int b = c.Batch, h = HiddenSize, i = InputSize, g = 4 * h, n = steps * b, bh = b * h;
        c.Steps = steps;
        c.HasForward = true;
        x.CopyTo(c.X);
        state.Y.CopyTo(c.HSeq.AsSpan(0, bh));
        state.C.CopyTo(c.CSeq.AsSpan(0, bh));
        ReadOnlySpan<float> r = EffectiveRecurrentKernel(c, random);
        bool sparseW = UsesCsr(_w);
        bool sparseR = UsesCsr(_r);

        // Streaming steps reuse the CSR copies of the last step while the weights are unchanged: regathering the kept
        // values costs as much as the product itself at batch 1 (measured 5x slower than dense at 50 % sparsity).
        bool reuse = ReferenceEquals(c, _stepCache) && random is null && _stepViewsFresh
                     && (!sparseW || _wView.Holds(_w.Mask!)) && (!sparseR || _rView.Holds(_r.Mask!));
        _stepViewsFresh = ReferenceEquals(c, _stepCache) && random is null;

        // Input projection of the whole window at once: P[N, 4H] = X·Wᵀ + (bx + br).
        Span<float> pre = c.Gates.AsSpan(0, n * g);
        ReadOnlySpan<float> xs = c.X.AsSpan(0, n * i);
        if (sparseW)
        {
            SpmmCsr.Multiply(reuse ? _wView.Structure(_w.Mask!) : _wView.Refresh(_w.Mask!, _w.Value), xs, n, pre, c.SparseWorkspace());
        }
        else
        {
            DenseGemm.Multiply(xs, n, i, _w.Value, g, pre);
        }

        TensorPrimitives.Add(_bx.Value, _br.Value, _bias);
        for (int row = 0; row < n; row++)
        {
            Span<float> p = pre.Slice(row * g, g);
            TensorPrimitives.Add(p, _bias, p);
        }

        CsrMatrix? rCsr = !sparseR ? null : reuse ? _rView.Structure(_r.Mask!) : _rView.Refresh(_r.Mask!, r);
        for (int t = 0; t < steps; t++)
        {
            Span<float> pt = pre.Slice(t * b * g, b * g);
            ReadOnlySpan<float> hPrev = c.HSeq.AsSpan(t * bh, bh);
            if (rCsr is not null)
            {
                SpmmCsr.Multiply(rCsr, hPrev, b, pt, c.SparseWorkspace(), accumulate: true);
            }
            else
            {
                DenseGemm.Multiply(hPrev, b, h, r, g, pt, accumulate: true);
            }

            for (int row = 0; row < b; row++)
            {
                Span<float> gates = pt.Slice(row * g, g);
                Span<float> ifg = gates[..(2 * h)], gg = gates.Slice(2 * h, h), og = gates.Slice(3 * h, h);
                Pointwise.Sigmoid(ifg, ifg);
                Pointwise.Tanh(gg, gg);
                Pointwise.Sigmoid(og, og);
                int o = (t * bh) + (row * h);
                ReadOnlySpan<float> cPrev = c.CSeq.AsSpan(o, h);
                Span<float> cNew = c.CSeq.AsSpan(o + bh, h), tanhC = c.TanhC.AsSpan(o, h), hNew = c.HSeq.AsSpan(o + bh, h);
                TensorPrimitives.Multiply(gates.Slice(h, h), cPrev, cNew);               // f ⊙ c_{t-1}
                TensorPrimitives.MultiplyAdd(gates[..h], gg, cNew, cNew);               // + i ⊙ g
                Pointwise.Tanh(cNew, tanhC);
                TensorPrimitives.Multiply(og, tanhC, hNew);                             // h = o ⊙ tanh(c)
            }
        }

        ReadOnlySpan<float> outputs = c.HSeq.AsSpan(bh, n * h);
        outputs.CopyTo(y);
        c.HSeq.AsSpan(n * h, bh).CopyTo(state.Y);
        c.CSeq.AsSpan(n * h, bh).CopyTo(state.C);
        CountForward(outputs, n);
    }

    private void BackwardCore(LstmCache c, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int steps = c.Steps, b = c.Batch, h = HiddenSize, i = InputSize, g = 4 * h, n = steps * b, bh = b * h;
        ReadOnlySpan<float> r = c.DropConnectApplied ? c.REffective : _r.Value;
        bool sparseW = UsesCsr(_w);
        bool sparseR = UsesCsr(_r);
        CsrMatrix? rT = null;
        ReadOnlySpan<float> rDenseT = default;
        if (sparseR)
        {
            rT = _rTView.Refresh(_r.Mask!, r);
        }
        else if (steps > 1)
        {
            rDenseT = TransposeInto(r, g, h, ref _rT);
        }

        Span<float> dPre = c.DPre.AsSpan(0, n * g);
        Span<float> dh = c.DhCarry, dc = c.DcCarry, s = c.Scratch;
        dh.Clear();
        dc.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            for (int row = 0; row < b; row++)
            {
                int o = (t * bh) + (row * h);
                ReadOnlySpan<float> gates = c.Gates.AsSpan(((t * b) + row) * g, g);
                ReadOnlySpan<float> ig = gates[..h], fg = gates.Slice(h, h), gg = gates.Slice(2 * h, h), og = gates.Slice(3 * h, h);
                ReadOnlySpan<float> tanhC = c.TanhC.AsSpan(o, h), cPrev = c.CSeq.AsSpan(o, h);
                Span<float> dp = dPre.Slice(((t * b) + row) * g, g);
                Span<float> dhRow = dh.Slice(row * h, h), dcRow = dc.Slice(row * h, h);
                Span<float> dpi = dp[..h], dpf = dp.Slice(h, h), dpg = dp.Slice(2 * h, h), dpo = dp.Slice(3 * h, h);

                TensorPrimitives.Add(dy.Slice(o, h), dhRow, dhRow);                    // dh = gy + dh_rec
                Pointwise.SigmoidDerivativeFromOutput(og, dpo);                        // dpo = dh · tanh(c) · o(1 − o)
                TensorPrimitives.Multiply(dpo, tanhC, dpo);
                TensorPrimitives.Multiply(dpo, dhRow, dpo);
                Pointwise.TanhDerivativeFromOutput(tanhC, s);                          // dc += dh · o · (1 − tanh²c)
                TensorPrimitives.Multiply(s, og, s);
                TensorPrimitives.MultiplyAdd(s, dhRow, dcRow, dcRow);
                Pointwise.SigmoidDerivativeFromOutput(gates[..(2 * h)], dp[..(2 * h)]); // i(1 − i), f(1 − f)
                TensorPrimitives.Multiply(dpi, gg, dpi);                               // dpi = dc · g · i(1 − i)
                TensorPrimitives.Multiply(dpi, dcRow, dpi);
                TensorPrimitives.Multiply(dpf, cPrev, dpf);                            // dpf = dc · c_{t−1} · f(1 − f)
                TensorPrimitives.Multiply(dpf, dcRow, dpf);
                Pointwise.TanhDerivativeFromOutput(gg, dpg);                           // dpg = dc · i · (1 − g²)
                TensorPrimitives.Multiply(dpg, ig, dpg);
                TensorPrimitives.Multiply(dpg, dcRow, dpg);
                TensorPrimitives.Multiply(dcRow, fg, dcRow);                           // carry dc_{t−1} = dc · f
            }

            // dh_{t−1} from the recurrence: dP_t[B, 4H] · R. Nothing flows into the window's initial state.
            if (t > 0)
            {
                ReadOnlySpan<float> dpt = dPre.Slice(t * b * g, b * g);
                if (rT is not null)
                {
                    SpmmCsr.Multiply(rT, dpt, b, dh, c.SparseWorkspace());
                }
                else
                {
                    DenseGemm.Multiply(dpt, b, g, rDenseT, h, dh);
                }
            }
        }

        ReadOnlySpan<float> dPreAll = dPre;
        AccumulateKernelGradient(_w, _wView, sparseW, dPreAll, c.X.AsSpan(0, n * i), n, scale: default);
        AccumulateKernelGradient(_r, _rView, sparseR, dPreAll, c.HSeq.AsSpan(0, n * h), n,
                                 c.DropConnectApplied ? c.DropConnectScale : default);

        Span<float> dBias = c.DBias;
        dBias.Clear();
        for (int row = 0; row < n; row++)
        {
            TensorPrimitives.Add(dBias, dPreAll.Slice(row * g, g), dBias);
        }

        TensorPrimitives.Add(_bx.Gradient, dBias, _bx.Gradient);
        TensorPrimitives.Add(_br.Gradient, dBias, _br.Gradient);

        // dx = dP · W for all T·B rows at once.
        if (n == 0)
        {
            return;
        }

        if (sparseW)
        {
            SpmmCsr.Multiply(_wTView.Refresh(_w.Mask!, _w.Value), dPreAll, n, dx, c.SparseWorkspace());
        }
        else
        {
            DenseGemm.Multiply(dPreAll, n, g, TransposeInto(_w.Value, g, i, ref _wT), i, dx);
        }
    }
}
