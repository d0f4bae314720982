using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// AVX-512 event extraction: per 16 elements, compare with zero for a mask, then <c>vcompressps</c>/<c>vpcompressd</c>
/// store the fired values and their indices (an iota plus the block base) contiguously — branch-free.
/// Only selected when <see cref="Avx512F.IsSupported"/>.
/// </summary>
internal static class EventExtractAvx512
{
    public static unsafe int Run(ReadOnlySpan<float> x, Span<int> indices, Span<float> values)
    {
        int count = 0;
        int j = 0;
        fixed (float* px = x, pv = values)
        fixed (int* pi = indices)
        {
            var iota = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            for (; j <= x.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var block = Vector512.Load(px + j);

                // All-ones where fired (NaN included, −0 excluded, matching the scalar rule).
                var fired = ~Vector512.Equals(block, Vector512<float>.Zero);
                ulong bits = fired.ExtractMostSignificantBits();
                if (bits == 0)
                {
                    continue;
                }

                // The memory form of compress writes only the selected lanes, so it never runs past
                // count + popcount ≤ j + 16 ≤ K ≤ buffer length.
                Avx512F.CompressStore(pv + count, fired, block);
                Avx512F.CompressStore(pi + count, fired.AsInt32(), iota + Vector512.Create(j));
                count += BitOperations.PopCount(bits);
            }
        }

        return EventExtractScalar.Run(x, indices, values, j, count);
    }
}
