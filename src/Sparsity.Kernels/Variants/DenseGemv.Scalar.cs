namespace Sparsity.Kernels.Variants;

/// <summary>Scalar dense GEMV: production fallback, four partial sums per row so the adds do not form one latency chain.</summary>
internal static class DenseGemvScalar
{
    public static void Run(ReadOnlySpan<float> w, int rows, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = w.Slice(r * columns, columns);
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int k = 0;
            for (; k <= columns - 4; k += 4)
            {
                s0 += row[k] * x[k];
                s1 += row[k + 1] * x[k + 1];
                s2 += row[k + 2] * x[k + 2];
                s3 += row[k + 3] * x[k + 3];
            }

            for (; k < columns; k++)
            {
                s0 += row[k] * x[k];
            }

            float s = (s0 + s1) + (s2 + s3);
            y[r] = accumulate ? y[r] + s : s;
        }
    }
}
