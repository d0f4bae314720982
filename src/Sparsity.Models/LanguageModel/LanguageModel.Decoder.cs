using System.Numerics.Tensors;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;
using Sparsity.Kernels.Events;
using Sparsity.Models.Layers;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The tied decoder and the loss: <c>logits[N, V] = top[N, E] · Embeddingᵀ + bias</c>, then log-softmax
/// cross-entropy; backward <c>dBias += Σₙ dZ</c>, <c>dEmbedding += dZᵀ · top</c>, <c>dTop = dZ · Embedding</c>.
/// </summary>
/// <remarks>
/// An EGRU's top output is mostly zeros, so in <see cref="LayerExecution.Sparse"/> a chunk whose inputs are at most
/// <see cref="DecoderEventDensity"/> nonzero runs event-driven (<see cref="EventGemmDense"/>: V-wide AXPYs over the
/// rows of <c>Embeddingᵀ [E, V]</c> for the nonzero inputs only). Measured on the 2-core dev host (419 rows, V = 10⁴,
/// E = 128): 0.33× the dense GEMM's time at 5–10 % activity, 0.64× at 20 %, 0.93× at 30 %, 1.4× at 50 %; hence the
/// 25 % switch. In backward <c>dZ</c> is dense, so <c>dTop = dZ · Embedding</c> is too; but the weight gradient can
/// skip zero inputs when formed transposed, <c>dEmbᵀ [E, V] += topᵀ · dZ</c> (V-wide AXPYs per nonzero input, added
/// back into the gradient once per window): measured 0.22× the time of <c>dZᵀ · top</c> at 10 % activity, 0.4× at
/// 20–30 %, 0.71× at 50 %, 2.1× dense; hence the 50 % switch.
/// </remarks>
public sealed partial class LanguageModel
{
    private long _decoderTokens;
    private long _decoderNonZeroInputs;
    private bool _transposedFresh;
    private float[]? _embeddingGradientTransposed;

    /// <summary>Largest fraction of nonzero decoder inputs for which Sparse execution runs the event-driven product.</summary>
    internal float DecoderEventDensity { get; set; } = 0.25f;

    /// <summary>
    /// The same for a single row (batch-1 streaming), where the dense alternative is a GEMV that streams all of
    /// <c>Embedding [V, E]</c> per token: measured at V = 10⁴, E = 128 (one thread), the event-driven product took 0.10×
    /// the GEMV's time at 10 % active inputs, 0.33× at 30 %, 0.61× at 50 %, 0.78× at 70 %.
    /// </summary>
    internal float SingleRowDecoderEventDensity { get; set; } = 0.75f;

    /// <summary>Largest fraction of nonzero decoder inputs for which Sparse execution forms the decoder's embedding gradient transposed (skipping zero inputs).</summary>
    internal float DecoderSparseGradientDensity { get; set; } = 0.5f;

    /// <summary>Decoder chunks that ran event-driven (tests).</summary>
    internal long DecoderEventChunks { get; private set; }

    /// <summary>
    /// Runs the decoder and the loss over <paramref name="top"/> <c>[N, E]</c> in chunks of
    /// <see cref="LanguageModelWorkspace.DecoderRows"/> tokens; returns <c>Σ nll</c>. With <paramref name="backward"/>,
    /// accumulates the decoder gradients for the mean loss and writes <see cref="LanguageModelWorkspace.TopGradient"/>.
    /// </summary>
    private double Decode(ReadOnlySpan<float> top, ReadOnlySpan<int> targets, LanguageModelWorkspace ws, bool backward, Span<float> logits)
    {
        int n = targets.Length, v = Vocabulary, e = EmbeddingSize;
        float scale = 1f / n;
        _transposedFresh = false; // a window always re-reads the weights (they may have been edited since the last one)
        double total = 0;
        bool transposedGradient = false;
        for (int first = 0; first < n; first += ws.DecoderRows)
        {
            int rows = Math.Min(ws.DecoderRows, n - first);
            ReadOnlySpan<float> x = top.Slice(first * e, rows * e);
            int nonZeros = ComputeLogits(x, rows, ws.Logits, ws.DecoderEvents);
            Span<float> z = ws.Logits.AsSpan(0, rows * v);
            if (!logits.IsEmpty)
            {
                z.CopyTo(logits.Slice(first * v, rows * v));
            }

            total += SoftmaxCrossEntropy.Compute(z, v, targets.Slice(first, rows), backward ? scale : null);
            if (!backward)
            {
                continue;
            }

            // z now holds dZ = (softmax − onehot) / N.
            float[] dBias = _decoderBias.Gradient;
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(dBias, z.Slice(r * v, v), dBias);
            }

            if (_execution == LayerExecution.Sparse && nonZeros <= DecoderSparseGradientDensity * x.Length)
            {
                // dEmbᵀ[E, V] += topᵀ · dZ: AXPYs of V-wide dZ rows for the nonzero inputs only.
                _embeddingGradientTransposed ??= new float[v * e];
                WeightGradient.Accumulate(x, rows, e, z, v, _embeddingGradientTransposed);
                transposedGradient = true;
            }
            else
            {
                WeightGradient.Accumulate(z, rows, v, x, e, _embedding.Gradient);
            }

            EnsureTransposed();
            DenseGemm.Multiply(z, rows, v, _embeddingTransposed, e, ws.TopGradient.AsSpan(first * e, rows * e));
        }

        if (backward)
        {
            _transposedFresh = false; // an optimiser step normally follows
        }

        if (transposedGradient)
        {
            AddTransposedGradient();
        }

        return total;
    }

    /// <summary>
    /// <c>z[r, :] = x[r, :] · Embeddingᵀ + bias</c> for the first <paramref name="rows"/> rows of
    /// <paramref name="z"/> (which holds <c>events.BatchSize</c> rows of V), counting the decoder's actual products.
    /// </summary>
    private int ComputeLogits(ReadOnlySpan<float> x, int rows, Span<float> z, EventBatch events)
    {
        int v = Vocabulary, e = EmbeddingSize;
        int nonZeros = CountNonZeros(x);
        _decoderTokens += rows;
        _decoderNonZeroInputs += nonZeros;
        float density = rows == 1 ? SingleRowDecoderEventDensity : DecoderEventDensity;
        if (_execution == LayerExecution.Sparse && nonZeros <= density * x.Length)
        {
            EnsureTransposed();
            FillEvents(x, rows, events);
            EventGemmDense.Multiply(_embeddingTransposedMatrix, events, z[..(events.BatchSize * v)]);
            DecoderEventChunks++;
        }
        else
        {
            DenseGemm.Multiply(x, rows, e, _embedding.Value, v, z[..(rows * v)]);
        }

        for (int r = 0; r < rows; r++)
        {
            Span<float> row = z.Slice(r * v, v);
            TensorPrimitives.Add(row, _decoderBias.Value, row);
        }

        return nonZeros;
    }

    /// <summary>Adds the transposed decoder gradient <c>dEmbᵀ [E, V]</c> into the embedding's gradient and clears it.</summary>
    private void AddTransposedGradient()
    {
        int v = Vocabulary, e = EmbeddingSize;
        float[] source = _embeddingGradientTransposed!, destination = _embedding.Gradient;
        for (int j = 0; j < e; j++)
        {
            int row = j * v;
            for (int w = 0; w < v; w++)
            {
                destination[(w * e) + j] += source[row + w];
            }
        }

        Array.Clear(source);
    }

    /// <summary>Nonzero entries of <paramref name="x"/> (±0 count as zero, NaN as nonzero); shared with <see cref="DecoderProjection"/>.</summary>
    internal static int CountNonZeros(ReadOnlySpan<float> x) => x.Length - x.Count(0f);

    /// <summary>
    /// The nonzeros of <paramref name="x"/> <c>[rows, E]</c> as per-row events; rows past <paramref name="rows"/> (a
    /// short last chunk) get none, so one batch sized for a full chunk serves every chunk without allocating.
    /// </summary>
    private static void FillEvents(ReadOnlySpan<float> x, int rows, EventBatch events)
    {
        int e = events.Width, count = 0;
        int[] indices = events.Indices, offsets = events.Offsets;
        float[] values = events.Values;
        offsets[0] = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * e, e);
            for (int j = 0; j < e; j++)
            {
                if (row[j] != 0f)
                {
                    indices[count] = j;
                    values[count] = row[j];
                    count++;
                }
            }

            offsets[r + 1] = count;
        }

        offsets.AsSpan(rows + 1).Fill(count);
    }

    /// <summary>
    /// Makes <c>Embeddingᵀ [E, V]</c> current: the weight of <c>dTop = dZ · Embedding</c> in the <see cref="DenseGemm"/>
    /// form <c>Y = X · Wᵀ</c>, and of the event-driven decoder. V·E copies, once per window (against the window's
    /// N·V·E multiply-adds) or once per change of weights for the step API.
    /// </summary>
    private void EnsureTransposed()
    {
        if (_transposedFresh)
        {
            return;
        }

        int v = Vocabulary, e = EmbeddingSize;
        float[] source = _embedding.Value, destination = _embeddingTransposed;
        for (int w = 0; w < v; w++)
        {
            int row = w * e;
            for (int j = 0; j < e; j++)
            {
                destination[(j * v) + w] = source[row + j];
            }
        }

        _transposedFresh = true;
    }
}
