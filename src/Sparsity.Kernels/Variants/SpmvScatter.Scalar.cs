using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sparsity.Kernels.Variants;

/// <summary>
/// Scalar compressed-storage scatter shared by <c>SpmvCsrTransposed</c> (outer index = row of A, scatter into
/// columns) and <c>SpmvCsc</c> (outer index = column of A, scatter into rows): <c>y[inner[p]] += values[p] · x[outer]</c>
/// for every outer index whose x is nonzero. There is no vector variant: AVX2 has no scatter, and the
/// multiply alone is not the bottleneck (the dependent read-modify-write of y is).
/// </summary>
internal static class SpmvScatterScalar
{
    public static void Run(ReadOnlySpan<int> outerPointers, ReadOnlySpan<int> innerIndices, ReadOnlySpan<float> values,
                           ReadOnlySpan<float> x, Span<float> y, bool accumulate)
    {
        if (!accumulate)
        {
            y.Clear();
        }

        // Structure was validated by the matrix type and lengths by the public entry, so bounds checks are skipped.
        ref int ii = ref MemoryMarshal.GetReference(innerIndices);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float yr = ref MemoryMarshal.GetReference(y);
        for (int o = 0; o < x.Length; o++)
        {
            float xo = x[o];
            if (xo == 0f)
            {
                continue; // the event skip: a silent unit contributes nothing
            }

            int end = outerPointers[o + 1];
            for (int p = outerPointers[o]; p < end; p++)
            {
                Unsafe.Add(ref yr, Unsafe.Add(ref ii, p)) += Unsafe.Add(ref v, p) * xo;
            }
        }
    }
}
