// Shape letters: B batch, T time, I input width, H hidden units; gate blocks [z | r | g] along the 3H axis.
using Sparsity.Core.Validation;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Layers;

/// <summary>
/// The event-based gated recurrent unit (EGRU, Subramoney et al. 2023) of egru.md §1–§2 in float32: a GRU whose
/// output <c>y_t = H(ĉ − θ) ⊙ ĉ</c> is exactly zero except where a unit crossed its threshold, trained by BPTT with a
/// triangular surrogate derivative. Parameters: <c>W [3H, I]</c>, <c>R [3H, H]</c>, <c>bx [3H]</c>, <c>br [3H]</c>,
/// <c>theta [H]</c>.
/// </summary>
/// <remarks>
/// <para>In <see cref="LayerExecution.Sparse"/> every product exploits the zeros of y: the recurrent product
/// <c>R y_{t−1}</c> (in any step where at most 25 % of the B·H outputs fired; denser steps run the GEMM) and (for event
/// input, see <see cref="EgruOptions.SparseInput"/>) the input projection touch only the weight columns of the units that fired (event-driven AXPYs over transposed copies refreshed from the
/// parameters at every <see cref="Forward"/>); a kernel carrying a pruning mask that keeps ≤ 10 % runs the combined
/// weight × activity-sparse CSC kernel instead (above that the vectorised AXPY over the zero-filled transposed copy
/// measured faster than the scalar CSC scatter). Backward skips units whose gradient is exactly zero, forms
/// <c>dR += dq y_{t−1}ᵀ</c> and <c>dW += dp xᵀ</c> only from nonzero inputs, and uses event products for
/// <c>Rᵀ dq</c> and <c>Wᵀ dp</c> where dq / dp are sparse. <see cref="LayerExecution.Dense"/> computes every product
/// densely: the speed baseline, equal to float rounding.</para>
/// <para>Pruned weights (a <see cref="Parameter.Mask"/>) get no gradient: backward adds nothing at pruned positions.</para>
/// <para>Backward must follow its forward with no other refresh of the working weights in between (another
/// <see cref="Forward"/>, or a <see cref="ForwardStep"/> that had to refresh): it throws otherwise, since DropConnect
/// masks and weight copies belong to the latest forward.</para>
/// <para>Not thread-safe: one layer runs one pass at a time (the kernels themselves use several threads, with
/// results independent of the thread count).</para>
/// </remarks>
public sealed partial class Egru : IRecurrentLayer
{
    private readonly EgruWorkingWeights _work;
    private readonly Parameter[] _parameters;
    private float _dropConnect;
    private bool _stepWeightsFresh;
    private StepWorkspace? _step;
    private float[]? _dWScratch;
    private float[]? _dRScratch;

    /// <summary>Creates a layer with zero parameters; call <see cref="Initialize"/> (or load values) before use.</summary>
    /// <param name="inputSize">I (≥ 1).</param>
    /// <param name="hiddenSize">H (≥ 1).</param>
    /// <param name="options">Layer choices; null takes the defaults of <see cref="EgruOptions"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or an option is out of range.</exception>
    public Egru(int inputSize, int hiddenSize, EgruOptions? options = null)
    {
        ThrowHelper.Positive(inputSize, nameof(inputSize));
        ThrowHelper.Positive(hiddenSize, nameof(hiddenSize));
        Options = options ?? new EgruOptions();
        Options.Validate();
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        int g = checked(3 * hiddenSize);
        W = new Parameter("W", ParameterKind.InputKernel, g, inputSize);
        R = new Parameter("R", ParameterKind.RecurrentKernel, g, hiddenSize);
        Bx = new Parameter("bx", ParameterKind.Bias, g);
        Br = new Parameter("br", ParameterKind.Bias, g);
        bool direct = Options.ThresholdParameterization == EgruThresholdParameterization.Direct;
        Theta = new Parameter("theta", ParameterKind.Threshold, hiddenSize)
        {
            Minimum = direct ? 0f : null,
            Maximum = direct ? 1f : null,
            WeightDecay = false,
            LearningRateMultiplier = Options.ThresholdLearningRateMultiplier,
        };
        _parameters = [W, R, Bx, Br, Theta];
        _work = new EgruWorkingWeights(inputSize, hiddenSize);
    }

    /// <inheritdoc/>
    public int InputSize { get; }

    /// <inheritdoc/>
    public int HiddenSize { get; }

    /// <summary>The fixed choices this layer was built with.</summary>
    public EgruOptions Options { get; }

    /// <summary>Input kernel <c>W [3H, I]</c>, blocks [z | r | g].</summary>
    public Parameter W { get; }

    /// <summary>Recurrent kernel <c>R [3H, H]</c>, blocks [z | r | g].</summary>
    public Parameter R { get; }

    /// <summary>Input bias <c>bx [3H]</c>.</summary>
    public Parameter Bx { get; }

    /// <summary>Recurrent bias <c>br [3H]</c> (inside the reset gate's product for the candidate block).</summary>
    public Parameter Br { get; }

    /// <summary>Thresholds <c>theta [H]</c>, no weight decay: θ clamped to [0, 1], or θ_raw (unclamped) with θ = sigmoid(θ_raw)
    /// per <see cref="EgruOptions.ThresholdParameterization"/>.</summary>
    public Parameter Theta { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    public LayerExecution Execution { get; set; } = LayerExecution.Sparse;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1) or NaN.</exception>
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

    /// <summary>The DropConnect factors <c>[3H, H]</c> (0 or 1/(1 − p)) of the latest forward, or null without DropConnect (tests).</summary>
    internal float[]? DropConnectScale => _work.DropScale;

    /// <summary>The working copies of the latest refresh (tests check which kernels ran).</summary>
    internal EgruWorkingWeights WorkingWeights => _work;

    /// <summary>
    /// Draws the initial parameters (egru.md §1): W and R Xavier-normal (std √(2 / (fan_in + fan_out)) over the whole
    /// <c>[3H, ·]</c> tensor, as torch's <c>xavier_normal_</c>), biases 0, thresholds per
    /// <see cref="EgruOptions.ThresholdInitialization"/> (θ clamped to [0, 1], or stored as θ_raw = logit θ under the
    /// sigmoid parameterisation). Pruning masks already set are re-applied.
    /// </summary>
    /// <param name="rng">The source of randomness (the same seed gives the same parameters).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    public void Initialize(Random rng)
    {
        ThrowHelper.NotNull(rng, nameof(rng));
        XavierNormal(W, rng);
        XavierNormal(R, rng);
        Array.Clear(Bx.Value);
        Array.Clear(Br.Value);
        float[] theta = Theta.Value;
        double mu = Options.ThresholdMean;
        for (int j = 0; j < theta.Length; j++)
        {
            // Draw θ_raw for the sigmoid draw, θ for the Beta draw, then store what the parameterisation holds.
            bool beta = Options.ThresholdInitialization == EgruThresholdInitialization.Beta;
            double draw = beta
                ? RandomDraws.Beta(rng, 3.0 * mu / (1.0 - mu), 3.0)
                : Options.ThresholdRawMean + (Math.Sqrt(2.0) * RandomDraws.Normal(rng));
            double v = (beta, SigmoidThresholds) switch
            {
                (true, false) => draw,
                (true, true) => Logit(draw),
                (false, false) => 1.0 / (1.0 + Math.Exp(-draw)),
                (false, true) => draw,
            };
            theta[j] = (float)v;
        }

        Theta.Clamp();
        W.ApplyMask();
        R.ApplyMask();
        InvalidateWeightCopies();
    }

    private bool SigmoidThresholds => Options.ThresholdParameterization == EgruThresholdParameterization.Sigmoid;

    /// <summary>ln(p / (1 − p)), with p kept inside [1e-7, 1 − 1e-7] so Beta draws of exactly 0 stay finite.</summary>
    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(p / (1 - p));
    }

    private static void XavierNormal(Parameter p, Random rng)
    {
        double std = Math.Sqrt(2.0 / (p.Rows + p.Columns));
        float[] v = p.Value;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(std * RandomDraws.Normal(rng));
        }
    }

    /// <summary>
    /// Tells the layer its parameter values changed outside <see cref="Forward"/>/<see cref="Backward"/> (a checkpoint
    /// load, pruning, an optimiser step not followed by a forward), so the next <see cref="ForwardStep"/> refreshes its
    /// working copies. <see cref="Forward"/> always refreshes; <see cref="Backward"/> marks the copies stale itself
    /// (an optimiser step normally follows it).
    /// </summary>
    public void InvalidateWeightCopies() => _stepWeightsFresh = false;

    /// <summary>Creates a cache for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> rows.</summary>
    /// <param name="maxSteps">Tm (≥ 0).</param>
    /// <param name="batch">B (≥ 0).</param>
    /// <returns>A cache that serves this layer only.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative.</exception>
    public EgruCache CreateCache(int maxSteps, int batch) => new(this, maxSteps, batch);

    /// <inheritdoc/>
    RecurrentCache IRecurrentLayer.CreateCache(int maxSteps, int batch) => CreateCache(maxSteps, batch);

    /// <summary>Adds <c>src [K, M]</c> transposed into <c>dst [M, K]</c>, times <paramref name="scale"/> (<c>[M, K]</c>) where given, skipping pruned entries.</summary>
    private static void AddTransposed(ReadOnlySpan<float> src, int k, int m, Span<float> dst, Core.Sparse.SparsityMask? mask, float[]? scale) =>
        Kernels.Dense.DenseTranspose.AddTransposed(src, k, m, dst, mask is null ? default : mask.AsSpan(), scale);

    /// <summary>Adds <c>src</c> into <c>dst</c> (same layout), times <paramref name="scale"/> where given, skipping pruned entries.</summary>
    private static void AddMasked(ReadOnlySpan<float> src, Span<float> dst, Core.Sparse.SparsityMask? mask, float[]? scale)
    {
        ReadOnlySpan<bool> kept = mask is null ? default : mask.AsSpan();
        for (int d = 0; d < dst.Length; d++)
        {
            if (mask is not null && !kept[d])
            {
                continue;
            }

            dst[d] += scale is null ? src[d] : src[d] * scale[d];
        }
    }
}
