namespace Sparsity.Kernels.Variants;

/// <summary>Scalar block event SpMV; also the ragged-last-block path of the vector variants.</summary>
internal static class EventSpmvBlockScalar
{
    public static void Run(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> blockRowIndices, ReadOnlySpan<float> blockValues, int height, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        for (int e = 0; e < indices.Length; e++)
        {
            int j = indices[e];
            for (int p = columnPointers[j]; p < columnPointers[j + 1]; p++)
            {
                Block(blockValues.Slice(p * height, height), blockRowIndices[p] * height, values[e], y);
            }
        }
    }

    /// <summary><c>y[row0 + i] += x · block[i]</c> for rows inside y only (padding rows of the last block are skipped).</summary>
    public static void Block(ReadOnlySpan<float> block, int row0, float x, Span<float> y)
    {
        int n = Math.Min(block.Length, y.Length - row0);
        for (int i = 0; i < n; i++)
        {
            y[row0 + i] += x * block[i];
        }
    }
}
