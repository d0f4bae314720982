namespace Sparsity.Kernels.Variants;

/// <summary>Scalar transposed GEMV: production fallback; one AXPY per row with a nonzero input.</summary>
internal static class DenseGemvTransposedScalar
{
    public static void Run(ReadOnlySpan<float> w, int rows, int stride, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        for (int i = 0; i < rows; i++)
        {
            float xi = x[i];
            if (xi == 0f)
            {
                // Sparse surrogate gradients leave most x[i] at zero: skipping them is the whole saving.
                continue;
            }

            ReadOnlySpan<float> row = w.Slice(i * stride, columns);
            for (int j = 0; j < columns; j++)
            {
                y[j] += xi * row[j];
            }
        }
    }
}
