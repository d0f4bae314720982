namespace Sparsity.Kernels.Variants;

/// <summary>Scalar BSR SpMV for any block shape: production fallback. Edge blocks are clipped to the matrix, so
/// padding is never read and x/y never indexed out of range.</summary>
internal static class SpmvBsrScalar
{
    public static void Run(ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values,
                           int blockRows, int blockColumns, int blockRowStart, int blockRowEnd,
                           ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        int bs = blockRows * blockColumns;
        for (int ib = blockRowStart; ib < blockRowEnd; ib++)
        {
            int r0 = ib * blockRows, h = Math.Min(blockRows, y.Length - r0);
            Span<float> yb = y.Slice(r0, h);
            if (!accumulate)
            {
                yb.Clear();
            }

            for (int p = blockRowPointers[ib]; p < blockRowPointers[ib + 1]; p++)
            {
                int c0 = blockColumnIndices[p] * blockColumns, w = Math.Min(blockColumns, x.Length - c0);
                ReadOnlySpan<float> xb = x.Slice(c0, w);
                for (int r = 0; r < h; r++)
                {
                    ReadOnlySpan<float> row = values.Slice(p * bs + r * blockColumns, w);
                    float s = 0f;
                    for (int c = 0; c < w; c++)
                    {
                        s += row[c] * xb[c];
                    }

                    yb[r] += s;
                }
            }
        }
    }
}
