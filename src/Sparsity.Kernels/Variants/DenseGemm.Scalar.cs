namespace Sparsity.Kernels.Variants;

/// <summary>Scalar dense GEMM: production fallback, one dot product per output with four partial sums.</summary>
internal static class DenseGemmScalar
{
    public static void Run(ReadOnlySpan<float> x, int rows, int inner, ReadOnlySpan<float> w, int outputs, Span<float> y, bool accumulate)
    {
        for (int n = 0; n < rows; n++)
        {
            ReadOnlySpan<float> xr = x.Slice(n * inner, inner);
            Span<float> yr = y.Slice(n * outputs, outputs);
            for (int i = 0; i < outputs; i++)
            {
                ReadOnlySpan<float> wr = w.Slice(i * inner, inner);
                float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                int k = 0;
                for (; k <= inner - 4; k += 4)
                {
                    s0 += xr[k] * wr[k];
                    s1 += xr[k + 1] * wr[k + 1];
                    s2 += xr[k + 2] * wr[k + 2];
                    s3 += xr[k + 3] * wr[k + 3];
                }

                for (; k < inner; k++)
                {
                    s0 += xr[k] * wr[k];
                }

                float s = (s0 + s1) + (s2 + s3);
                yr[i] = accumulate ? yr[i] + s : s;
            }
        }
    }
}
