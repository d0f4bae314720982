using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// Vector512 batched CSR SpMM (XNNPACK-style; only registered when Vector512 is hardware accelerated): for each row of A, a block of the batch is held in up to four
/// vector accumulators while every stored weight is broadcast and fused-multiply-added with the contiguous packed
/// batch vector of its column; the block is then written to column i of Y. Batch tails are scalar.
/// </summary>
internal static class SpmmCsrVector512
{
    public static void Run(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                           int rowStart, int rowEnd, ReadOnlySpan<float> packed, int batch, Span<float> y, int rows, bool accumulate)
    {
        const int W = 16; // Vector512<float>.Count
        ref int ci = ref MemoryMarshal.GetReference(columnIndices);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float pk = ref MemoryMarshal.GetReference(packed);
        Span<float> lanes = stackalloc float[4 * W];
        for (int i = rowStart; i < rowEnd; i++)
        {
            int start = rowPointers[i], end = rowPointers[i + 1];
            int b = 0;
            // Four accumulators: 64 outputs per pass over the row, and independent FMA chains.
            for (; b <= batch - 4 * W; b += 4 * W)
            {
                Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int p = start; p < end; p++)
                {
                    var w = Vector512.Create(Unsafe.Add(ref v, p));
                    nuint o = (nuint)((nint)Unsafe.Add(ref ci, p) * batch + b);
                    a0 = Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref pk, o), a0);
                    a1 = Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref pk, o + W), a1);
                    a2 = Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref pk, o + 2 * W), a2);
                    a3 = Vector512.FusedMultiplyAdd(w, Vector512.LoadUnsafe(ref pk, o + 3 * W), a3);
                }

                a0.CopyTo(lanes);
                a1.CopyTo(lanes[W..]);
                a2.CopyTo(lanes[(2 * W)..]);
                a3.CopyTo(lanes[(3 * W)..]);
                Store(lanes, y, b, rows, i, accumulate);
            }

            for (; b <= batch - W; b += W)
            {
                Vector512<float> a0 = Vector512<float>.Zero;
                for (int p = start; p < end; p++)
                {
                    nuint o = (nuint)((nint)Unsafe.Add(ref ci, p) * batch + b);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref v, p)), Vector512.LoadUnsafe(ref pk, o), a0);
                }

                a0.CopyTo(lanes);
                Store(lanes[..W], y, b, rows, i, accumulate);
            }

            for (; b < batch; b++)
            {
                float s = 0f;
                for (int p = start; p < end; p++)
                {
                    s += Unsafe.Add(ref v, p) * Unsafe.Add(ref pk, (nint)Unsafe.Add(ref ci, p) * batch + b);
                }

                int o = b * rows + i;
                y[o] = accumulate ? y[o] + s : s;
            }
        }
    }

    // Y is row-major [B, M], so a block of the batch lands in column i with stride M.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(ReadOnlySpan<float> lanes, Span<float> y, int b, int rows, int i, bool accumulate)
    {
        for (int t = 0; t < lanes.Length; t++)
        {
            int o = (b + t) * rows + i;
            y[o] = accumulate ? y[o] + lanes[t] : lanes[t];
        }
    }
}
