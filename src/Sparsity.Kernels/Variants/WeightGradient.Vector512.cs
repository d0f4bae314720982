using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 512-bit dense weight gradient: each owned dW row stays in L1 while the samples with a nonzero dY[n, i] are
/// added to it as vector AXPYs; the column tail (16-lane remainder) is finished in scalar.
/// </summary>
internal static class WeightGradientVector512
{
    public static void Run(ReadOnlySpan<float> dy, int samples, int outputs, int firstRow, int rowCount, ReadOnlySpan<float> x, int inner, Span<float> dw, bool accumulate)
    {
        if (!accumulate)
        {
            dw.Clear();
        }

        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float dw0 = ref MemoryMarshal.GetReference(dw);
        int vectorEnd = inner - (inner % Vector512<float>.Count);
        for (int r = 0; r < rowCount; r++)
        {
            ref float row = ref Unsafe.Add(ref dw0, (nint)r * inner);
            for (int n = 0; n < samples; n++)
            {
                float g = dy[(n * outputs) + firstRow + r];
                if (g == 0f)
                {
                    // Sparse surrogate gradients leave most dY entries at zero: skipping them is the whole saving.
                    continue;
                }

                ref float xr = ref Unsafe.Add(ref x0, (nint)n * inner);
                var gv = Vector512.Create(g);
                for (int j = 0; j < vectorEnd; j += Vector512<float>.Count)
                {
                    var acc = Vector512.LoadUnsafe(ref row, (nuint)j);
                    Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref xr, (nuint)j), gv, acc).StoreUnsafe(ref row, (nuint)j);
                }

                for (int j = vectorEnd; j < inner; j++)
                {
                    Unsafe.Add(ref row, j) += g * Unsafe.Add(ref xr, j);
                }
            }
        }
    }
}
