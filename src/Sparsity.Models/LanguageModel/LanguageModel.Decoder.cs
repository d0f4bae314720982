using System.Numerics.Tensors;
using Sparsity.Kernels.Backward;
using Sparsity.Kernels.Dense;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// The tied decoder and the loss: <c>logits[N, V] = top[N, E] · Embeddingᵀ + bias</c>, then log-softmax
/// cross-entropy; backward <c>dBias += Σₙ dZ</c>, <c>dEmbedding += dZᵀ · top</c>, <c>dTop = dZ · Embedding</c>.
/// </summary>
public sealed partial class LanguageModel
{
    private long _decoderTokens;
    private long _decoderNonZeroInputs;

    /// <summary>
    /// Runs the decoder and the loss over <paramref name="top"/> <c>[N, E]</c> in chunks of
    /// <see cref="LanguageModelWorkspace.DecoderRows"/> tokens; returns <c>Σ nll</c>. With <paramref name="backward"/>,
    /// accumulates the decoder gradients for the mean loss and writes <see cref="LanguageModelWorkspace.TopGradient"/>.
    /// </summary>
    private double Decode(ReadOnlySpan<float> top, ReadOnlySpan<int> targets, LanguageModelWorkspace ws, bool backward, Span<float> logits)
    {
        int n = targets.Length, v = Vocabulary, e = EmbeddingSize;
        float scale = 1f / n;
        if (backward)
        {
            TransposeEmbedding();
        }

        double total = 0;
        for (int first = 0; first < n; first += ws.DecoderRows)
        {
            int rows = Math.Min(ws.DecoderRows, n - first);
            ReadOnlySpan<float> x = top.Slice(first * e, rows * e);
            Span<float> z = ws.Logits.AsSpan(0, rows * v);
            ComputeLogits(x, rows, z);
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

            WeightGradient.Accumulate(z, rows, v, x, e, _embedding.Gradient);
            DenseGemm.Multiply(z, rows, v, _embeddingTransposed, e, ws.TopGradient.AsSpan(first * e, rows * e));
        }

        return total;
    }

    /// <summary><c>z[rows, V] = x[rows, E] · Embeddingᵀ + bias</c>, counting the decoder's actual products.</summary>
    private void ComputeLogits(ReadOnlySpan<float> x, int rows, Span<float> z)
    {
        int v = Vocabulary, e = EmbeddingSize;
        DenseGemm.Multiply(x, rows, e, _embedding.Value, v, z);
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = z.Slice(r * v, v);
            TensorPrimitives.Add(row, _decoderBias.Value, row);
        }

        _decoderTokens += rows;
        _decoderNonZeroInputs += x.Length - CountZeros(x);
    }

    private static int CountZeros(ReadOnlySpan<float> x)
    {
        int zeros = 0;
        foreach (float value in x)
        {
            if (value == 0f)
            {
                zeros++;
            }
        }

        return zeros;
    }

    /// <summary>
    /// Refreshes <c>Embeddingᵀ [E, V]</c>, the weight of <c>dTop = dZ · Embedding</c> in the <see cref="DenseGemm"/> form
    /// <c>Y = X · Wᵀ</c>. Once per training window: V·E copies against the N·V·E multiply-adds of the product.
    /// </summary>
    private void TransposeEmbedding()
    {
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
    }
}
