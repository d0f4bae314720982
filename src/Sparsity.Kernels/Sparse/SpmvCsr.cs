using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Sparse;

/// <summary>
/// Signature of every <see cref="SpmvCsr"/> variant: <c>y[i] (=|+=) Σ A[i, j] · x[j]</c> for rows
/// <c>i ∈ [rowStart, rowEnd)</c> of a CSR matrix, over already validated arguments.
/// </summary>
/// <param name="rowPointers">CSR row pointers <c>[M + 1]</c>.</param>
/// <param name="columnIndices">Column index of each stored value <c>[nnz]</c>, each in <c>[0, K)</c>.</param>
/// <param name="values">Stored values <c>[nnz]</c>.</param>
/// <param name="rowStart">First row to compute.</param>
/// <param name="rowEnd">One past the last row to compute.</param>
/// <param name="x">Input <c>[K]</c>.</param>
/// <param name="y">Whole output <c>[M]</c>; only <c>[rowStart, rowEnd)</c> is written.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void SpmvCsrKernel(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                                   int rowStart, int rowEnd, ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Sparse matrix–vector product <c>y = A x</c> or <c>y += A x</c> for a CSR matrix <c>A: [M, K]</c>: the
/// forward product of a magnitude-pruned weight matrix with a dense input.
/// </summary>
public static class SpmvCsr
{
    /// <summary>Computes <c>y = A x</c>, or <c>y += A x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[i] (+)= Σ over stored (i, j) of A[i, j] · x[j]</c>; rows without stored
    /// values get 0 (or are left unchanged when accumulating). Rows are split across threads when the product is large
    /// enough; each y[i] is computed by one thread, so results do not depend on the thread count.</remarks>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[K]</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.SpmvCsr"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(CsrMatrix a, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<SpmvCsrKernel>? variant = null)
    {
        ThrowHelper.NotNull(a, nameof(a));
        ThrowHelper.Length(x.Length, a.Columns, nameof(x), "[K]");
        ThrowHelper.Length(y.Length, a.Rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        SpmvCsrKernel kernel = KernelCatalog.SpmvCsr.Resolve(variant);
        ReadOnlySpan<int> rp = a.RowPointers, ci = a.ColumnIndices;
        ReadOnlySpan<float> v = a.Values;
        fixed (int* prp = rp, pci = ci)
        fixed (float* pv = v, px = x, py = y)
        {
            var work = new Work(kernel, prp, pci, pv, a.Rows, a.Nnz, px, a.Columns, py, accumulate);
            // The average row's stored values is the cost per output row (rows are not balanced by nnz).
            ParallelRange.Run(a.Rows, grain: 4, workPerItem: a.Rows == 0 ? 0 : a.Nnz / a.Rows + 1, in work);
        }
    }

    private readonly unsafe struct Work(SpmvCsrKernel kernel, int* rowPointers, int* columnIndices, float* values, int rows, int nnz,
                                        float* x, int columns, float* y, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<int>(rowPointers, rows + 1), new ReadOnlySpan<int>(columnIndices, nnz), new ReadOnlySpan<float>(values, nnz),
                   start, end, new ReadOnlySpan<float>(x, columns), new Span<float>(y, rows), accumulate);
    }
}
