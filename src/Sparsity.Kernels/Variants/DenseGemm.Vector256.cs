using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// 256-bit dense GEMM: a 2×4 register block (2 rows of X against 4 rows of W, 8 accumulators) shares
/// every load 2 ways. The outer loop walks blocks of 4 W rows so that block stays in L1 while all X rows of the
/// thread's chunk stream past it from L2. Every output keeps its own accumulator, reduced and tail-finished in
/// the same order as the 1×1 remainder path, so results do not depend on where the block edges fall.
/// </summary>
internal static class DenseGemmVector256
{
    public static void Run(ReadOnlySpan<float> x, int rows, int inner, ReadOnlySpan<float> w, int outputs, Span<float> y, bool accumulate)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int vectorEnd = inner - (inner % Vector256<float>.Count);
        int i = 0;
        for (; i <= outputs - 4; i += 4)
        {
            ref float wa = ref Unsafe.Add(ref w0, (nint)i * inner);
            ref float wb = ref Unsafe.Add(ref wa, inner);
            ref float wc = ref Unsafe.Add(ref wb, inner);
            ref float wd = ref Unsafe.Add(ref wc, inner);
            int n = 0;
            for (; n <= rows - 2; n += 2)
            {
                ref float r0 = ref Unsafe.Add(ref x0, (nint)(n + 0) * inner);
                ref float r1 = ref Unsafe.Add(ref x0, (nint)(n + 1) * inner);
                var a00 = Vector256<float>.Zero;
                var a01 = Vector256<float>.Zero;
                var a02 = Vector256<float>.Zero;
                var a03 = Vector256<float>.Zero;
                var a10 = Vector256<float>.Zero;
                var a11 = Vector256<float>.Zero;
                var a12 = Vector256<float>.Zero;
                var a13 = Vector256<float>.Zero;
                for (int k = 0; k < vectorEnd; k += Vector256<float>.Count)
                {
                    var va = Vector256.LoadUnsafe(ref wa, (nuint)k);
                    var vb = Vector256.LoadUnsafe(ref wb, (nuint)k);
                    var vc = Vector256.LoadUnsafe(ref wc, (nuint)k);
                    var vd = Vector256.LoadUnsafe(ref wd, (nuint)k);
                    var xv0 = Vector256.LoadUnsafe(ref r0, (nuint)k);
                    a00 = Vector256.MultiplyAddEstimate(xv0, va, a00);
                    a01 = Vector256.MultiplyAddEstimate(xv0, vb, a01);
                    a02 = Vector256.MultiplyAddEstimate(xv0, vc, a02);
                    a03 = Vector256.MultiplyAddEstimate(xv0, vd, a03);
                    var xv1 = Vector256.LoadUnsafe(ref r1, (nuint)k);
                    a10 = Vector256.MultiplyAddEstimate(xv1, va, a10);
                    a11 = Vector256.MultiplyAddEstimate(xv1, vb, a11);
                    a12 = Vector256.MultiplyAddEstimate(xv1, vc, a12);
                    a13 = Vector256.MultiplyAddEstimate(xv1, vd, a13);
                }

                Finish(ref Unsafe.Add(ref y0, (nint)(n + 0) * outputs + i + 0), Vector256.Sum(a00), ref r0, ref wa, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 0) * outputs + i + 1), Vector256.Sum(a01), ref r0, ref wb, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 0) * outputs + i + 2), Vector256.Sum(a02), ref r0, ref wc, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 0) * outputs + i + 3), Vector256.Sum(a03), ref r0, ref wd, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 1) * outputs + i + 0), Vector256.Sum(a10), ref r1, ref wa, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 1) * outputs + i + 1), Vector256.Sum(a11), ref r1, ref wb, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 1) * outputs + i + 2), Vector256.Sum(a12), ref r1, ref wc, vectorEnd, inner, accumulate);
                Finish(ref Unsafe.Add(ref y0, (nint)(n + 1) * outputs + i + 3), Vector256.Sum(a13), ref r1, ref wd, vectorEnd, inner, accumulate);
            }

            for (; n < rows; n++)
            {
                for (int c = 0; c < 4; c++)
                {
                    Dot1(ref x0, ref w0, ref y0, n, i + c, inner, outputs, vectorEnd, accumulate);
                }
            }
        }

        for (; i < outputs; i++)
        {
            for (int n = 0; n < rows; n++)
            {
                Dot1(ref x0, ref w0, ref y0, n, i, inner, outputs, vectorEnd, accumulate);
            }
        }
    }

    /// <summary>One output on its own: the same accumulation order as the register block.</summary>
    private static void Dot1(ref float x0, ref float w0, ref float y0, int n, int i, int inner, int outputs, int vectorEnd, bool accumulate)
    {
        ref float xr = ref Unsafe.Add(ref x0, (nint)n * inner);
        ref float wr = ref Unsafe.Add(ref w0, (nint)i * inner);
        var acc = Vector256<float>.Zero;
        for (int k = 0; k < vectorEnd; k += Vector256<float>.Count)
        {
            acc = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref xr, (nuint)k), Vector256.LoadUnsafe(ref wr, (nuint)k), acc);
        }

        Finish(ref Unsafe.Add(ref y0, (nint)n * outputs + i), Vector256.Sum(acc), ref xr, ref wr, vectorEnd, inner, accumulate);
    }

    /// <summary>Adds the scalar column tail to a reduced sum and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(ref float target, float s, ref float xr, ref float wr, int vectorEnd, int inner, bool accumulate)
    {
        for (int k = vectorEnd; k < inner; k++)
        {
            s += Unsafe.Add(ref xr, k) * Unsafe.Add(ref wr, k);
        }

        target = accumulate ? target + s : s;
    }
}
