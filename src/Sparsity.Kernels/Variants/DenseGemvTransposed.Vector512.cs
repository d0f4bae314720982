using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 512-bit transposed GEMV: one vector AXPY per row with a nonzero input (rows with x[i] == 0 are skipped);
/// the column tail (16-lane remainder) is finished in scalar. The output slice stays in L1 across rows
/// because the caller splits it into small column blocks.
/// </summary>
internal static class DenseGemvTransposedVector512
{
    public static void Run(ReadOnlySpan<float> w, int rows, int stride, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int vectorEnd = columns - (columns % Vector512<float>.Count);
        for (int i = 0; i < rows; i++)
        {
            float xi = x[i];
            if (xi == 0f)
            {
                // Sparse surrogate gradients leave most x[i] at zero: skipping them is the whole saving.
                continue;
            }

            ref float row = ref Unsafe.Add(ref w0, (nint)i * stride);
            var xv = Vector512.Create(xi);
            for (int j = 0; j < vectorEnd; j += Vector512<float>.Count)
            {
                var acc = Vector512.LoadUnsafe(ref y0, (nuint)j);
                Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref row, (nuint)j), xv, acc).StoreUnsafe(ref y0, (nuint)j);
            }

            for (int j = vectorEnd; j < columns; j++)
            {
                Unsafe.Add(ref y0, j) += xi * Unsafe.Add(ref row, j);
            }
        }
    }
}
