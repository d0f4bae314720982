namespace Sparsity.Kernels.Variants;

/// <summary>Scalar event GEMV: one AXPY over a contiguous row of Wt per event.</summary>
internal static class EventGemvDenseScalar
{
    public static void Run(ReadOnlySpan<float> wt, int m, int offset, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        for (int e = 0; e < indices.Length; e++)
        {
            float xj = values[e];
            ReadOnlySpan<float> column = wt.Slice(indices[e] * m + offset, y.Length);
            for (int i = 0; i < y.Length; i++)
            {
                y[i] += xj * column[i];
            }
        }
    }
}
