using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>256-bit block event SpMV: one (h = 8) or two (h = 16) vector multiply-adds per block; blocks that reach
/// past M fall back to scalar so that no padding row is written.</summary>
internal static class EventSpmvBlockVector256
{
    public static void Run(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> blockRowIndices, ReadOnlySpan<float> blockValues, int height, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        ref float b0 = ref MemoryMarshal.GetReference(blockValues);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        ref int r0 = ref MemoryMarshal.GetReference(blockRowIndices);
        int full = y.Length / height; // block rows entirely inside y
        for (int e = 0; e < indices.Length; e++)
        {
            int j = indices[e];
            float xs = values[e];
            var x = Vector256.Create(xs);
            for (int p = columnPointers[j]; p < columnPointers[j + 1]; p++)
            {
                int br = Unsafe.Add(ref r0, p);
                if (br >= full)
                {
                    EventSpmvBlockScalar.Block(blockValues.Slice(p * height, height), br * height, xs, y);
                    continue;
                }

                for (int i = 0; i < height; i += Vector256<float>.Count)
                {
                    nuint row = (nuint)(br * height + i);
                    var acc = Vector256.LoadUnsafe(ref y0, row);
                    Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref b0, (nuint)(p * height + i)), x, acc).StoreUnsafe(ref y0, row);
                }
            }
        }
    }
}
