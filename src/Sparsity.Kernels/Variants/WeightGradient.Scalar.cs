namespace Sparsity.Kernels.Variants;

/// <summary>Scalar dense weight gradient: production fallback; one AXPY per nonzero output gradient.</summary>
internal static class WeightGradientScalar
{
    public static void Run(ReadOnlySpan<float> dy, int samples, int outputs, int firstRow, int rowCount, ReadOnlySpan<float> x, int inner, Span<float> dw, bool accumulate)
    {
        if (!accumulate)
        {
            dw.Clear();
        }

        for (int r = 0; r < rowCount; r++)
        {
            Span<float> row = dw.Slice(r * inner, inner);
            for (int n = 0; n < samples; n++)
            {
                float g = dy[(n * outputs) + firstRow + r];
                if (g == 0f)
                {
                    // Sparse surrogate gradients leave most dY entries at zero: skipping them is the whole saving.
                    continue;
                }

                ReadOnlySpan<float> xr = x.Slice(n * inner, inner);
                for (int j = 0; j < inner; j++)
                {
                    row[j] += g * xr[j];
                }
            }
        }
    }
}
