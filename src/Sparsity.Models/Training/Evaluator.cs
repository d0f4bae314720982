using Sparsity.Core.Validation;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Models.Training;

/// <summary>Perplexity and sparsity of a model on a token sequence (no dropout, no backward).</summary>
public static class Evaluator
{
    /// <summary>
    /// Cuts <paramref name="tokens"/> into <paramref name="batch"/> streams and scores every next-token prediction in
    /// windows of <paramref name="windowLength"/>, carrying states from window to window from zero states. The model's
    /// training states are saved before and restored after, and its statistics are reset at the start.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="tokens">Token ids.</param>
    /// <param name="batch">Streams (the recipe tests with 1).</param>
    /// <param name="windowLength">Window length (≥ 1).</param>
    /// <param name="tokenLimitPerStream">Score only this many next-token predictions per stream (quick runs; each stream
    /// reads one token more); null for all.</param>
    /// <param name="cancellation">Stops between windows.</param>
    /// <returns>Mean loss, token count and statistics.</returns>
    /// <exception cref="ArgumentException">Fewer than two tokens per stream.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokenLimitPerStream"/> is not positive.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvaluationSummary Evaluate(
        LanguageModel model, ReadOnlySpan<int> tokens, int batch, int windowLength, int? tokenLimitPerStream = null,
        CancellationToken cancellation = default)
    {
        ThrowHelper.NotNull(model, nameof(model));
        ThrowHelper.Positive(batch, nameof(batch));
        ThrowHelper.Positive(windowLength, nameof(windowLength));
        TokenStreams streams = TokenStreams.Batchify(tokens, batch, BatchLayout.TimeMajor);
        if (tokenLimitPerStream is int limit)
        {
            ThrowHelper.Positive(limit, nameof(tokenLimitPerStream));
        }

        // N predictions read N + 1 tokens: the first is only an input, the last only a target.
        int length = (int)Math.Min(streams.Length, (tokenLimitPerStream ?? int.MaxValue) + 1L);
        if (length < 2)
        {
            throw new ArgumentException($"{tokens.Length} tokens in {batch} streams leave fewer than 2 per stream: nothing to evaluate.", nameof(tokens));
        }

        IReadOnlyList<Layers.RecurrentState>? saved = model.StateBatch > 0 ? model.CloneState() : null;
        model.ResetState(batch);
        model.ResetStatistics();
        double total = 0;
        long count = 0;
        ReadOnlySpan<int> data = streams.Data;
        for (int start = 0; start < length - 1; start += windowLength)
        {
            cancellation.ThrowIfCancellationRequested();
            int steps = Math.Min(windowLength, length - 1 - start);
            EvaluationResult r = model.Evaluate(
                data.Slice(start * batch, steps * batch), data.Slice((start + 1) * batch, steps * batch), steps, batch);
            total += r.TotalLoss;
            count += r.Tokens;
        }

        ModelStatistics statistics = model.GetStatistics();
        if (saved is not null)
        {
            model.RestoreState(saved);
        }

        return new EvaluationSummary(total / count, count, statistics);
    }
}
