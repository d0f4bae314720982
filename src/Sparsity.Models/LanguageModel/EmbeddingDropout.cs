namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// Word-level embedding dropout (AWD-LSTM's <c>embedded_dropout</c>): for one window, each vocabulary row of the
/// embedding is dropped with probability p (every occurrence of that word reads zeros) or kept and rescaled by
/// 1/(1−p). Only the input lookup is affected; the tied decoder keeps the full matrix, as in AWD-LSTM.
/// </summary>
internal sealed class EmbeddingDropout
{
    public EmbeddingDropout(int vocabulary) => RowScales = new float[vocabulary];

    /// <summary>Per-row factor <c>[V]</c>: 0 or 1/(1−p); meaningful only while <see cref="IsActive"/>.</summary>
    public float[] RowScales { get; }

    public bool IsActive { get; private set; }

    /// <summary>Draws the rows to drop for a window; p = 0 (or no random) deactivates the dropout.</summary>
    public void Draw(Random? random, float p)
    {
        IsActive = random is not null && p > 0f;
        if (!IsActive)
        {
            return;
        }

        float keep = 1f / (1f - p);
        for (int v = 0; v < RowScales.Length; v++)
        {
            RowScales[v] = random!.NextDouble() < p ? 0f : keep;
        }
    }

    public void Clear() => IsActive = false;

    /// <summary>The factor applied to row <paramref name="token"/> (1 when inactive).</summary>
    public float Scale(int token) => IsActive ? RowScales[token] : 1f;
}
