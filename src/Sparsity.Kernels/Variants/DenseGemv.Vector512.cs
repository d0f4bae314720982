using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 512-bit dense GEMV: four rows per pass share each load of x, which halves the x traffic and gives
/// four independent multiply-add chains; the column tail (16-lane remainder) is finished in scalar.
/// </summary>
internal static class DenseGemvVector512
{
    public static void Run(ReadOnlySpan<float> w, int rows, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int vectorEnd = columns - (columns % Vector512<float>.Count);
        int r = 0;
        for (; r <= rows - 4; r += 4)
        {
            ref float a = ref Unsafe.Add(ref w0, (nint)r * columns);
            ref float b = ref Unsafe.Add(ref a, columns);
            ref float c = ref Unsafe.Add(ref b, columns);
            ref float d = ref Unsafe.Add(ref c, columns);
            var acc0 = Vector512<float>.Zero;
            var acc1 = Vector512<float>.Zero;
            var acc2 = Vector512<float>.Zero;
            var acc3 = Vector512<float>.Zero;
            for (int k = 0; k < vectorEnd; k += Vector512<float>.Count)
            {
                var xv = Vector512.LoadUnsafe(ref x0, (nuint)k);
                acc0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref a, (nuint)k), xv, acc0);
                acc1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref b, (nuint)k), xv, acc1);
                acc2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref c, (nuint)k), xv, acc2);
                acc3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref d, (nuint)k), xv, acc3);
            }

            float s0 = Vector512.Sum(acc0), s1 = Vector512.Sum(acc1), s2 = Vector512.Sum(acc2), s3 = Vector512.Sum(acc3);
            for (int k = vectorEnd; k < columns; k++)
            {
                float xk = Unsafe.Add(ref x0, k);
                s0 += Unsafe.Add(ref a, k) * xk;
                s1 += Unsafe.Add(ref b, k) * xk;
                s2 += Unsafe.Add(ref c, k) * xk;
                s3 += Unsafe.Add(ref d, k) * xk;
            }

            Store(y, r, s0, accumulate);
            Store(y, r + 1, s1, accumulate);
            Store(y, r + 2, s2, accumulate);
            Store(y, r + 3, s3, accumulate);
        }

        for (; r < rows; r++)
        {
            ref float a = ref Unsafe.Add(ref w0, (nint)r * columns);
            var acc = Vector512<float>.Zero;
            for (int k = 0; k < vectorEnd; k += Vector512<float>.Count)
            {
                acc = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref a, (nuint)k), Vector512.LoadUnsafe(ref x0, (nuint)k), acc);
            }

            float s = Vector512.Sum(acc);
            for (int k = vectorEnd; k < columns; k++)
            {
                s += Unsafe.Add(ref a, k) * Unsafe.Add(ref x0, k);
            }

            Store(y, r, s, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> y, int i, float s, bool accumulate) => y[i] = accumulate ? y[i] + s : s;
}
