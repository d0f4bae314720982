using System.Numerics.Tensors;
using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Models.Layers;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The optional dense projection between the top recurrent layer and the tied decoder (EvNN's
/// <c>Decoder(project=True)</c>, an <c>nn.Linear(H_L, E)</c>): <c>p[N, E] = y[N, H_L] · Pᵀ + b</c> with
/// <c>projection.weight P [E, H_L]</c> and <c>projection.bias b [E]</c>. It frees the top layer's width from E and gives
/// the decoder signed, dense inputs instead of an EGRU's non-negative events. Backward: <c>db += Σₙ dp</c>,
/// <c>dP += dpᵀ · y</c>, <c>dy = dp · P</c>.
/// </summary>
/// <remarks>
/// <para>An EGRU's top output is mostly zeros, so in <see cref="LayerExecution.Sparse"/> the forward product runs
/// event-driven (<see cref="EventGemmDense"/> over the rows of <c>Pᵀ [H_L, E]</c> for the nonzero inputs only) when at
/// most <see cref="EventDensity"/> of the inputs are nonzero, and the weight gradient is formed transposed,
/// <c>dPᵀ [H_L, E] = yᵀ · dp</c>, which skips zero inputs, when at most <see cref="SparseGradientDensity"/> are.
/// <c>dp</c> is dense, so <c>dy = dp · P</c> always runs as a GEMM.</para>
/// <para>The two switches were not measured for this product: 25 % is the EGRU layers' switch for their event-driven
/// input product (the same kernel over rows of 3H = 384–768 floats, against E = 128 here) and 50 % the decoder's for
/// its transposed gradient; both paths give the same result to float rounding, so a poor switch costs time only.</para>
/// <para>Initialisation (<see cref="Initialize"/>): P Xavier-normal like the layers' kernels, b zero like their biases.
/// EvNN keeps PyTorch's <c>nn.Linear</c> default instead (both U(−1/√H_L, 1/√H_L)); the bias is redundant in function
/// (the decoder bias can absorb <c>Embedding · b</c>) but kept so the tensors match EvNN's one to one.</para>
/// </remarks>
public sealed class DecoderProjection
{
    /// <summary>The global name of the weight.</summary>
    public const string WeightName = "projection.weight";

    /// <summary>The global name of the bias.</summary>
    public const string BiasName = "projection.bias";

    private readonly Parameter[] _parameters;
    private readonly float[] _transposed;
    private readonly DenseMatrix _transposedMatrix;
    private bool _transposedFresh;
    private float[]? _gradientTransposed;

    /// <summary>Creates a projection with zero parameters; call <see cref="Initialize"/> (or load values) before use.</summary>
    /// <param name="inputSize">H_L, the top layer's width (≥ 1).</param>
    /// <param name="outputSize">E, the embedding width (≥ 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public DecoderProjection(int inputSize, int outputSize)
    {
        ThrowHelper.Positive(inputSize, nameof(inputSize));
        ThrowHelper.Positive(outputSize, nameof(outputSize));
        InputSize = inputSize;
        OutputSize = outputSize;
        Weight = new Parameter(WeightName, ParameterKind.Projection, outputSize, inputSize);
        Bias = new Parameter(BiasName, ParameterKind.Bias, outputSize);
        _parameters = [Weight, Bias];
        _transposed = new float[Weight.Length];
        _transposedMatrix = new DenseMatrix(inputSize, outputSize, _transposed);
    }

    /// <summary>H_L: the width of the top layer's output it reads.</summary>
    public int InputSize { get; }

    /// <summary>E: the width it writes, the decoder's input.</summary>
    public int OutputSize { get; }

    /// <summary>The weight <c>P [E, H_L]</c> (PyTorch's <c>nn.Linear</c> layout: [out, in]).</summary>
    public Parameter Weight { get; }

    /// <summary>The bias <c>b [E]</c>.</summary>
    public Parameter Bias { get; }

    /// <summary>The weight and the bias, in that order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Largest fraction of nonzero inputs for which Sparse execution runs the forward product event-driven.</summary>
    internal float EventDensity { get; set; } = 0.25f;

    /// <summary>Largest fraction of nonzero inputs for which Sparse execution forms the weight gradient transposed.</summary>
    internal float SparseGradientDensity { get; set; } = 0.5f;

    /// <summary>Forward products that ran event-driven, one per call (tests).</summary>
    internal long EventProducts { get; private set; }

    /// <summary>Tokens projected since the last <see cref="ResetStatistics"/>.</summary>
    internal long Tokens { get; private set; }

    /// <summary>Nonzero inputs among them: each costs E multiply-adds.</summary>
    internal long NonZeroInputs { get; private set; }

    /// <summary>
    /// Draws P Xavier-normal (std √(2 / (E + H_L)), as torch's <c>xavier_normal_</c> and the layers' kernels) and
    /// zeroes b. A pruning mask already set is re-applied.
    /// </summary>
    /// <param name="rng">The source of randomness (the same seed gives the same parameters).</param>
    /// <exception cref="ArgumentNullException"><paramref name="rng"/> is null.</exception>
    public void Initialize(Random rng)
    {
        ThrowHelper.NotNull(rng, nameof(rng));
        double std = Math.Sqrt(2.0 / (OutputSize + InputSize));
        float[] w = Weight.Value;
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(std * RandomDraws.Normal(rng));
        }

        Array.Clear(Bias.Value);
        Weight.ApplyMask();
        Invalidate();
    }

    /// <summary>Marks the transposed weight copy stale: the parameters changed (a load, an optimiser step, pruning).</summary>
    internal void Invalidate() => _transposedFresh = false;

    internal void ResetStatistics()
    {
        Tokens = 0;
        NonZeroInputs = 0;
    }

    /// <summary>
    /// <c>output [T·B, E] = y [T·B, H_L] · Pᵀ + b</c>. The event-driven product runs per step of <paramref name="batch"/>
    /// rows, the row count of <paramref name="events"/>.
    /// </summary>
    /// <param name="y">The top layer's (dropped-out) output, time-major.</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="execution">Dense computes everything densely (the speed baseline).</param>
    /// <param name="events">Scratch events <c>[B, H_L]</c>.</param>
    /// <param name="output">Receives <c>[T·B, E]</c>.</param>
    /// <param name="refresh">Re-read the weights (a window: they may have been edited since the last one) rather than trust the transposed copy.</param>
    internal void Forward(ReadOnlySpan<float> y, int steps, int batch, LayerExecution execution, EventBatch events, Span<float> output, bool refresh)
    {
        int h = InputSize, e = OutputSize, n = steps * batch;
        if (refresh)
        {
            _transposedFresh = false;
        }

        int nonZeros = LanguageModel.CountNonZeros(y);
        Tokens += n;
        NonZeroInputs += nonZeros;
        if (execution == LayerExecution.Sparse && nonZeros <= EventDensity * y.Length)
        {
            EnsureTransposed();
            for (int t = 0; t < steps; t++)
            {
                EventExtraction.ExtractBatch(y.Slice(t * batch * h, batch * h), events);
                EventGemmDense.Multiply(_transposedMatrix, events, output.Slice(t * batch * e, batch * e));
            }

            EventProducts++;
        }
        else
        {
            DenseGemm.Multiply(y, n, h, Weight.Value, e, output);
        }

        ReadOnlySpan<float> bias = Bias.Value;
        for (int r = 0; r < n; r++)
        {
            Span<float> row = output.Slice(r * e, e);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>
    /// Adds <c>db += Σₙ dp</c> and <c>dP += dpᵀ · y</c> (nothing at pruned positions) and overwrites
    /// <c>dy = dp · P</c>, for the <paramref name="n"/> rows of the latest <see cref="Forward"/>.
    /// </summary>
    internal void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dOutput, int n, LayerExecution execution, Span<float> dy)
    {
        int h = InputSize, e = OutputSize;
        float[] dBias = Bias.Gradient;
        for (int r = 0; r < n; r++)
        {
            TensorPrimitives.Add(dBias, dOutput.Slice(r * e, e), dBias);
        }

        bool sparse = execution == LayerExecution.Sparse && LanguageModel.CountNonZeros(y) <= SparseGradientDensity * y.Length;
        if (sparse || Weight.Mask is not null)
        {
            // dPᵀ [H_L, E] = yᵀ · dp: one E-wide AXPY per nonzero input; the transposed add also skips pruned entries.
            float[] s = _gradientTransposed ??= new float[Weight.Length];
            WeightGradient.Accumulate(y, n, h, dOutput, e, s, accumulate: false);
            DenseTranspose.AddTransposed(s, h, e, Weight.Gradient, Weight.Mask is null ? default : Weight.Mask.AsSpan());
        }
        else
        {
            WeightGradient.Accumulate(dOutput, n, e, y, h, Weight.Gradient);
        }

        // The forward of this window refreshed the copy, and nothing edits the weights between forward and backward.
        EnsureTransposed();
        DenseGemm.Multiply(dOutput, n, e, _transposed, h, dy);
        _transposedFresh = false; // an optimiser step normally follows
    }

    /// <summary>Makes <c>Pᵀ [H_L, E]</c> current: the event product's weight and that of <c>dy = dp · P</c> in the <see cref="DenseGemm"/> form.</summary>
    private void EnsureTransposed()
    {
        if (!_transposedFresh)
        {
            DenseTranspose.Transpose(Weight.Value, OutputSize, InputSize, _transposed);
            _transposedFresh = true;
        }
    }
}
