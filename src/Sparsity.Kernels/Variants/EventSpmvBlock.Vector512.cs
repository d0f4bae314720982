using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>512-bit block event SpMV: one 16-lane multiply-add per 16×1 block (8×1 blocks use one 8-lane one);
/// blocks that reach past M fall back to scalar so that no padding row is written.</summary>
internal static class EventSpmvBlockVector512
{
    public static void Run(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> blockRowIndices, ReadOnlySpan<float> blockValues, int height, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate)
    {
        if (height != Vector512<float>.Count)
        {
            EventSpmvBlockVector256.Run(columnPointers, blockRowIndices, blockValues, height, indices, values, y, accumulate);
            return;
        }

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
            var x = Vector512.Create(xs);
            for (int p = columnPointers[j]; p < columnPointers[j + 1]; p++)
            {
                int br = Unsafe.Add(ref r0, p);
                if (br >= full)
                {
                    EventSpmvBlockScalar.Block(blockValues.Slice(p * height, height), br * height, xs, y);
                    continue;
                }

                nuint row = (nuint)(br * height);
                var acc = Vector512.LoadUnsafe(ref y0, row);
                Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref b0, (nuint)(p * height)), x, acc).StoreUnsafe(ref y0, row);
            }
        }
    }
}
