using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 512-bit event GEMV: per event, a streaming fused multiply-add of one contiguous Wt row into y (y stays in L1
/// for M up to a few thousand); the next event's row is prefetched while this one streams. Tail in scalar.
/// </summary>
internal static class EventGemvDenseVector512
{
    public static unsafe void Run(ReadOnlySpan<float> wt, int m, int offset, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        int n = y.Length;
        int vectorEnd = n - (n % Vector512<float>.Count);
        ref float w0 = ref MemoryMarshal.GetReference(wt);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        for (int e = 0; e < indices.Length; e++)
        {
            var xj = Vector512.Create(values[e]);
            ref float column = ref Unsafe.Add(ref w0, (nint)indices[e] * m + offset);
            if (Sse.IsSupported && e + 1 < indices.Length)
            {
                // Hide the miss on the start of the next (non-adjacent) column behind this AXPY.
                Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref w0, (nint)indices[e + 1] * m + offset)));
            }

            int i = 0;
            for (; i < vectorEnd; i += Vector512<float>.Count)
            {
                var acc = Vector512.LoadUnsafe(ref y0, (nuint)i);
                Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref column, (nuint)i), xj, acc).StoreUnsafe(ref y0, (nuint)i);
            }

            float xs = values[e];
            for (; i < n; i++)
            {
                Unsafe.Add(ref y0, i) += xs * Unsafe.Add(ref column, i);
            }
        }
    }
}
