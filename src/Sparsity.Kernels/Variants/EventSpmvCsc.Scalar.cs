namespace Sparsity.Kernels.Variants;

/// <summary>Plain scalar event SpMV over CSC: the bounds-checked reference loop.</summary>
internal static class EventSpmvCscScalar
{
    public static void Run(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> weights, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        for (int e = 0; e < indices.Length; e++)
        {
            int j = indices[e];
            float xj = values[e];
            for (int p = columnPointers[j]; p < columnPointers[j + 1]; p++)
            {
                y[rowIndices[p]] += xj * weights[p];
            }
        }
    }
}
