using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsity.Kernels.Variants;

/// <summary>Scalar batched CSR SpMM: production fallback, one output at a time with four partial sums.</summary>
internal static class SpmmCsrScalar
{
    public static void Run(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                           int rowStart, int rowEnd, ReadOnlySpan<float> packed, int batch, Span<float> y, int rows, bool accumulate)
    {
        ref int ci = ref MemoryMarshal.GetReference(columnIndices);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float pk = ref MemoryMarshal.GetReference(packed);
        for (int i = rowStart; i < rowEnd; i++)
        {
            int start = rowPointers[i], end = rowPointers[i + 1];
            for (int b = 0; b < batch; b++)
            {
                float s0 = 0f, s1 = 0f;
                int p = start;
                for (; p <= end - 2; p += 2)
                {
                    s0 += Unsafe.Add(ref v, p) * Unsafe.Add(ref pk, (nint)Unsafe.Add(ref ci, p) * batch + b);
                    s1 += Unsafe.Add(ref v, p + 1) * Unsafe.Add(ref pk, (nint)Unsafe.Add(ref ci, p + 1) * batch + b);
                }

                if (p < end)
                {
                    s0 += Unsafe.Add(ref v, p) * Unsafe.Add(ref pk, (nint)Unsafe.Add(ref ci, p) * batch + b);
                }

                float s = s0 + s1;
                int o = b * rows + i;
                y[o] = accumulate ? y[o] + s : s;
            }
        }
    }
}
