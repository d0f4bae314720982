using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// AVX2 CSR SpMV: eight stored values of a row at a time, x fetched by one hardware gather of their column
/// indices and fused-multiply-added into a vector accumulator; the row's tail is scalar.
/// Only registered when <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>.
/// </summary>
internal static class SpmvCsrAvx2Gather
{
    public static unsafe void Run(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                                  int rowStart, int rowEnd, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        ref int ci = ref MemoryMarshal.GetReference(columnIndices);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float xr = ref MemoryMarshal.GetReference(x);
        // Gathers need a raw base address; column indices are in [0, K) (validated by CsrMatrix), so every lane is in range.
        fixed (float* px = x)
        {
            for (int i = rowStart; i < rowEnd; i++)
            {
                int p = rowPointers[i], end = rowPointers[i + 1];
                Vector256<float> acc0 = Vector256<float>.Zero, acc1 = Vector256<float>.Zero;
                // Two accumulators hide the FMA latency behind the gathers of the next eight.
                for (; p <= end - 16; p += 16)
                {
                    Vector256<int> idx0 = Vector256.LoadUnsafe(ref ci, (nuint)p);
                    Vector256<int> idx1 = Vector256.LoadUnsafe(ref ci, (nuint)(p + 8));
                    acc0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref v, (nuint)p), Avx2.GatherVector256(px, idx0, 4), acc0);
                    acc1 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref v, (nuint)(p + 8)), Avx2.GatherVector256(px, idx1, 4), acc1);
                }

                if (p <= end - 8)
                {
                    Vector256<int> idx = Vector256.LoadUnsafe(ref ci, (nuint)p);
                    acc0 = Fma.MultiplyAdd(Vector256.LoadUnsafe(ref v, (nuint)p), Avx2.GatherVector256(px, idx, 4), acc0);
                    p += 8;
                }

                float s = Vector256.Sum(acc0 + acc1);
                for (; p < end; p++)
                {
                    s += Unsafe.Add(ref v, p) * Unsafe.Add(ref xr, Unsafe.Add(ref ci, p));
                }

                y[i] = accumulate ? y[i] + s : s;
            }
        }
    }
}
