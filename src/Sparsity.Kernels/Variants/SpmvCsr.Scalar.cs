using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsity.Kernels.Variants;

/// <summary>Scalar CSR SpMV: production fallback, four partial sums per row so the adds do not form one latency chain.</summary>
internal static class SpmvCsrScalar
{
    public static void Run(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                           int rowStart, int rowEnd, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        // Structure was validated by CsrMatrix and lengths by the public entry, so bounds checks are skipped.
        ref int ci = ref MemoryMarshal.GetReference(columnIndices);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float xr = ref MemoryMarshal.GetReference(x);
        for (int i = rowStart; i < rowEnd; i++)
        {
            int p = rowPointers[i], end = rowPointers[i + 1];
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (; p <= end - 4; p += 4)
            {
                s0 += Unsafe.Add(ref v, p) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p));
                s1 += Unsafe.Add(ref v, p + 1) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p + 1));
                s2 += Unsafe.Add(ref v, p + 2) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p + 2));
                s3 += Unsafe.Add(ref v, p + 3) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p + 3));
            }

            for (; p < end; p++)
            {
                s0 += Unsafe.Add(ref v, p) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p));
            }

            float s = (s0 + s1) + (s2 + s3);
            y[i] = accumulate ? y[i] + s : s;
        }
    }
}
