using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// Scalar event SpMV over CSC, four entries per iteration without bounds checks (row indices are validated by
/// <c>CscMatrix</c>): rows within a column are distinct, so the four scattered updates are independent.
/// </summary>
internal static class EventSpmvCscUnrolled
{
    public static void Run(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> weights, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        ref int cp = ref MemoryMarshal.GetReference(columnPointers);
        ref int ri = ref MemoryMarshal.GetReference(rowIndices);
        ref float wv = ref MemoryMarshal.GetReference(weights);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        for (int e = 0; e < indices.Length; e++)
        {
            int j = indices[e];
            float xj = values[e];
            int p = Unsafe.Add(ref cp, j);
            int end = Unsafe.Add(ref cp, j + 1);
            for (; p <= end - 4; p += 4)
            {
                Unsafe.Add(ref y0, Unsafe.Add(ref ri, p)) += xj * Unsafe.Add(ref wv, p);
                Unsafe.Add(ref y0, Unsafe.Add(ref ri, p + 1)) += xj * Unsafe.Add(ref wv, p + 1);
                Unsafe.Add(ref y0, Unsafe.Add(ref ri, p + 2)) += xj * Unsafe.Add(ref wv, p + 2);
                Unsafe.Add(ref y0, Unsafe.Add(ref ri, p + 3)) += xj * Unsafe.Add(ref wv, p + 3);
            }

            for (; p < end; p++)
            {
                Unsafe.Add(ref y0, Unsafe.Add(ref ri, p)) += xj * Unsafe.Add(ref wv, p);
            }
        }
    }
}
