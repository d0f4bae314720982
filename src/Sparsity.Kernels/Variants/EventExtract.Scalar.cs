namespace Sparsity.Kernels.Variants;

/// <summary>Scalar event extraction: one compare and a conditional append per element.</summary>
internal static class EventExtractScalar
{
    public static int Run(ReadOnlySpan<float> x, Span<int> indices, Span<float> values) => Run(x, indices, values, 0, 0);

    /// <summary>Appends the events of <c>x[start..]</c> after the first <paramref name="count"/> outputs (shared tail of the vector variants).</summary>
    public static int Run(ReadOnlySpan<float> x, Span<int> indices, Span<float> values, int start, int count)
    {
        for (int j = start; j < x.Length; j++)
        {
            float v = x[j];
            if (v != 0f)
            {
                indices[count] = j;
                values[count] = v;
                count++;
            }
        }

        return count;
    }
}
