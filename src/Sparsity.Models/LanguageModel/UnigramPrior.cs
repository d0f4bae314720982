using Sparsity.Core.Validation;

namespace Sparsity.Models.LanguageModeling;

/// <summary>The log-unigram distribution of a token stream, as a starting decoder bias.</summary>
public static class UnigramPrior
{
    /// <summary>
    /// Writes <c>log((count_v + 1) / (N + V))</c> minus its mean over the vocabulary into <paramref name="bias"/>: the
    /// unigram log-probabilities with add-one smoothing (a word absent from <paramref name="tokens"/> gets a finite,
    /// small probability), centred so that the bias sums to zero (softmax ignores a constant shift, and a centred bias
    /// keeps the logits near zero).
    /// </summary>
    /// <param name="tokens">Token ids, each in <c>[0, V)</c>, V = <paramref name="bias"/>.Length; may be empty (the result is then all zeros).</param>
    /// <param name="bias">Receives the V values.</param>
    /// <exception cref="ArgumentException"><paramref name="bias"/> is empty, or a token id is outside <c>[0, V)</c> (the message names its position).</exception>
    public static void LogUnigram(ReadOnlySpan<int> tokens, Span<float> bias)
    {
        int v = bias.Length;
        if (v == 0)
        {
            ThrowHelper.Argument(nameof(bias), "The bias must have at least one entry.");
        }

        var counts = new long[v];
        for (int i = 0; i < tokens.Length; i++)
        {
            int id = tokens[i];
            if ((uint)id >= (uint)v)
            {
                ThrowHelper.Argument(nameof(tokens), $"Token {i} has id {id}, outside the vocabulary [0, {v}).");
            }

            counts[id]++;
        }

        double total = tokens.Length + (double)v;
        var logs = new double[v];
        double mean = 0;
        for (int w = 0; w < v; w++)
        {
            logs[w] = Math.Log((counts[w] + 1) / total);
            mean += logs[w];
        }

        mean /= v;
        for (int w = 0; w < v; w++)
        {
            bias[w] = (float)(logs[w] - mean);
        }
    }
}
