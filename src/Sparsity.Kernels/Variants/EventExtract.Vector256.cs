using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 256-bit event extraction: one compare per 8 elements gives a bit mask; an all-zero block (the common case
/// for sparse activity) is skipped with one branch, otherwise set bits are walked with trailing-zero count.
/// </summary>
internal static class EventExtractVector256
{
    public static int Run(ReadOnlySpan<float> x, Span<int> indices, Span<float> values)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref int i0 = ref MemoryMarshal.GetReference(indices);
        ref float v0 = ref MemoryMarshal.GetReference(values);
        int count = 0;
        int j = 0;
        for (; j <= x.Length - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            var block = Vector256.LoadUnsafe(ref x0, (nuint)j);

            // ~Equals(0) rather than != so that NaN counts as fired, as in the scalar loop.
            uint mask = ~Vector256.Equals(block, Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
            while (mask != 0)
            {
                int lane = BitOperations.TrailingZeroCount(mask);
                Unsafe.Add(ref i0, count) = j + lane;
                Unsafe.Add(ref v0, count) = Unsafe.Add(ref x0, j + lane);
                count++;
                mask &= mask - 1;
            }
        }

        return EventExtractScalar.Run(x, indices, values, j, count);
    }
}
