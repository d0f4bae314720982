using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// Vector256 BSR SpMV. Vertical blocks (<c>n×1</c>, e.g. 8×1/16×1): each block is a column segment, so one x value
/// is broadcast and FMA'd into eight rows of y at a time, no gather. Horizontal blocks (<c>1×n</c>, e.g. 1×8/1×16):
/// each block is a contiguous dot product with a contiguous slice of x. Other shapes, and the parts of edge blocks
/// shorter than a vector, use the scalar code, so padding is never read and x/y never indexed out of range.
/// </summary>
internal static class SpmvBsrVector256
{
    private const int W = 8; // Vector256<float>.Count

    public static void Run(ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values,
                           int blockRows, int blockColumns, int blockRowStart, int blockRowEnd,
                           ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        if (blockColumns == 1)
        {
            Vertical(blockRowPointers, blockColumnIndices, values, blockRows, blockRowStart, blockRowEnd, x, y, accumulate);
        }
        else if (blockRows == 1)
        {
            Horizontal(blockRowPointers, blockColumnIndices, values, blockColumns, blockRowStart, blockRowEnd, x, y, accumulate);
        }
        else
        {
            SpmvBsrScalar.Run(blockRowPointers, blockColumnIndices, values, blockRows, blockColumns, blockRowStart, blockRowEnd, x, y, accumulate);
        }
    }

    private static void Vertical(ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values,
                                 int blockRows, int blockRowStart, int blockRowEnd, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (int ib = blockRowStart; ib < blockRowEnd; ib++)
        {
            int r0 = ib * blockRows, h = Math.Min(blockRows, y.Length - r0);
            if (!accumulate)
            {
                y.Slice(r0, h).Clear();
            }

            if (h == 8 || h == 16)
            {
                VerticalInRegisters(blockRowPointers[ib], blockRowPointers[ib + 1], blockColumnIndices, ref v, blockRows, h, x, ref Unsafe.Add(ref yr, r0));
                continue;
            }

            int full = h - h % W; // rows of this block row covered by whole vectors; the rest (edge block) is scalar
            for (int p = blockRowPointers[ib]; p < blockRowPointers[ib + 1]; p++)
            {
                float xj = x[blockColumnIndices[p]];
                var xv = Vector256.Create(xj);
                nuint vb = (nuint)p * (nuint)blockRows;
                int r = 0;
                // y stays in L1 across the block row's blocks, so read-modify-write costs little and needs no register file.
                for (; r < full; r += W)
                {
                    nuint yo = (nuint)(r0 + r);
                    Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref v, vb + (nuint)r), xv, Vector256.LoadUnsafe(ref yr, yo)).StoreUnsafe(ref yr, yo);
                }

                for (; r < h; r++)
                {
                    Unsafe.Add(ref yr, r0 + r) += Unsafe.Add(ref v, vb + (nuint)r) * xj;
                }
            }
        }
    }

    /// <summary>
    /// 8×1 and 16×1 blocks: the block row's one or two vectors of y live in registers across all its blocks and are
    /// stored once, instead of a load and a store of y per block (the first ShortRun measured BSR 16×1 at 5× the time
    /// of CSR at equal density with the read-modify-write loop).
    /// </summary>
    private static void VerticalInRegisters(int first, int end, ReadOnlySpan<int> blockColumnIndices, ref float v, int blockRows, int h,
                                            ReadOnlySpan<float> x, ref float y)
    {
        Vector256<float> a0 = Vector256.LoadUnsafe(ref y);
        if (h == 8)
        {
            for (int p = first; p < end; p++)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref v, (nuint)p * (nuint)blockRows), Vector256.Create(x[blockColumnIndices[p]]), a0);
            }

            a0.StoreUnsafe(ref y);
            return;
        }

        Vector256<float> a1 = Vector256.LoadUnsafe(ref y, W);
        for (int p = first; p < end; p++)
        {
            var xv = Vector256.Create(x[blockColumnIndices[p]]);
            nuint vb = (nuint)p * (nuint)blockRows;
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref v, vb), xv, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref v, vb + W), xv, a1);
        }

        a0.StoreUnsafe(ref y);
        a1.StoreUnsafe(ref y, W);
    }

    private static void Horizontal(ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values,
                                   int blockColumns, int blockRowStart, int blockRowEnd, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float xr = ref MemoryMarshal.GetReference(x);
        for (int i = blockRowStart; i < blockRowEnd; i++)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            float s = 0f;
            for (int p = blockRowPointers[i]; p < blockRowPointers[i + 1]; p++)
            {
                int c0 = blockColumnIndices[p] * blockColumns, w = Math.Min(blockColumns, x.Length - c0);
                nuint vb = (nuint)p * (nuint)blockColumns;
                int c = 0;
                for (; c <= w - W; c += W)
                {
                    acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref v, vb + (nuint)c), Vector256.LoadUnsafe(ref xr, (nuint)(c0 + c)), acc);
                }

                for (; c < w; c++)
                {
                    s += Unsafe.Add(ref v, vb + (nuint)c) * Unsafe.Add(ref xr, c0 + c);
                }
            }

            s += Vector256.Sum(acc);
            y[i] = accumulate ? y[i] + s : s;
        }
    }
}
