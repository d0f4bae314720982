using Sparsity.Core.Validation;

namespace Sparsity.Models.Pruning;

/// <summary>
/// The unit magnitude pruning removes: single weights (unstructured), or vertical blocks of
/// <see cref="BlockHeight"/> consecutive output rows × one input column, scored by the block's Euclidean norm.
/// Vertical blocks are what the event-driven block kernels (8×1, 16×1) run fastest on: one fired input unit reads
/// whole contiguous blocks of its column.
/// </summary>
public readonly record struct PruningStructure
{
    private PruningStructure(int blockHeight) => BlockHeight = blockHeight;

    /// <summary>Rows per block; 1 means unstructured.</summary>
    public int BlockHeight { get; }

    /// <summary>Whether single weights are pruned.</summary>
    public bool IsUnstructured => BlockHeight <= 1;

    /// <summary>Single weights, scored by magnitude.</summary>
    public static PruningStructure Unstructured => new(1);

    /// <summary>Vertical blocks of <paramref name="height"/> rows × 1 column, scored by their L2 norm.</summary>
    /// <param name="height">Rows per block, ≥ 1 (1 is unstructured). The last block of a column may be shorter when the row count is not a multiple.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="height"/> is below 1.</exception>
    public static PruningStructure VerticalBlocks(int height)
    {
        ThrowHelper.Positive(height, nameof(height));
        return new PruningStructure(height);
    }

    /// <summary>Parses <c>unstructured</c> or <c>HxW</c> with W = 1 (e.g. <c>8x1</c>, <c>16x1</c>).</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static PruningStructure Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t is "unstructured" or "1x1")
        {
            return Unstructured;
        }

        string[] parts = t.Split('x');
        if (parts.Length == 2 && parts[1] == "1" && int.TryParse(parts[0], out int h) && h >= 1)
        {
            return new PruningStructure(h);
        }

        throw new FormatException($"Pruning structure '{text}' is neither 'unstructured' nor a vertical block 'Hx1' (e.g. 8x1, 16x1).");
    }

    /// <inheritdoc/>
    public override string ToString() => IsUnstructured ? "unstructured" : $"{BlockHeight}x1";
}
