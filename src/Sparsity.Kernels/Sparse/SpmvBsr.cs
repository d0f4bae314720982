using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Sparse;

/// <summary>
/// Signature of every <see cref="SpmvBsr"/> variant: <c>y (=|+=) A x</c> for block rows
/// <c>[blockRowStart, blockRowEnd)</c> of a BSR matrix <c>A: [M, K]</c>, over already validated arguments.
/// </summary>
/// <param name="blockRowPointers">Block-row pointers <c>[⌈M/blockRows⌉ + 1]</c>.</param>
/// <param name="blockColumnIndices">Block-column index of each stored block <c>[NB]</c>.</param>
/// <param name="values">Block values <c>[NB · blockRows · blockColumns]</c>, each block row-major; padding is ignored.</param>
/// <param name="blockRows">Rows per block.</param>
/// <param name="blockColumns">Columns per block.</param>
/// <param name="blockRowStart">First block row to compute.</param>
/// <param name="blockRowEnd">One past the last block row to compute.</param>
/// <param name="x">Input <c>[K]</c>.</param>
/// <param name="y">Whole output <c>[M]</c>; only the rows of the given block rows are written.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void SpmvBsrKernel(ReadOnlySpan<int> blockRowPointers, ReadOnlySpan<int> blockColumnIndices, ReadOnlySpan<float> values,
                                   int blockRows, int blockColumns, int blockRowStart, int blockRowEnd,
                                   ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Block-sparse matrix–vector product <c>y = A x</c> or <c>y += A x</c> for a BSR matrix <c>A: [M, K]</c> of any
/// block shape; vertical (<c>n×1</c>) and horizontal (<c>1×n</c>) blocks have vectorised paths.
/// </summary>
public static class SpmvBsr
{
    /// <summary>Computes <c>y = A x</c>, or <c>y += A x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[i] (+)= Σ over stored in-matrix entries (i, j) of A[i, j] · x[j]</c>; padding of
    /// edge blocks is never read, and x and y are never accessed out of range. Block rows are split across threads;
    /// each y[i] is computed by one thread, so results do not depend on the thread count.</remarks>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[K]</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.SpmvBsr"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps <paramref name="x"/> or the values of <paramref name="a"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(BsrMatrix a, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<SpmvBsrKernel>? variant = null)
    {
        ThrowHelper.NotNull(a, nameof(a));
        ThrowHelper.Length(x.Length, a.Columns, nameof(x), "[K]");
        ThrowHelper.Length(y.Length, a.Rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(a.Values, y, nameof(y), nameof(a));
        SpmvBsrKernel kernel = KernelCatalog.SpmvBsr.Resolve(variant);
        ReadOnlySpan<int> rp = a.BlockRowPointers, ci = a.BlockColumnIndices;
        ReadOnlySpan<float> v = a.Values;
        int blockRowCount = a.BlockRowCount;
        fixed (int* prp = rp, pci = ci)
        fixed (float* pv = v, px = x, py = y)
        {
            var work = new Work(kernel, prp, pci, pv, rp.Length, ci.Length, v.Length, a.BlockRows, a.BlockColumns, px, a.Columns, py, a.Rows, accumulate);
            long perBlockRow = blockRowCount == 0 ? 0 : (long)v.Length / blockRowCount + 1;
            ParallelRange.Run(blockRowCount, grain: 1, workPerItem: perBlockRow, in work);
        }
    }

    private readonly unsafe struct Work(SpmvBsrKernel kernel, int* rowPointers, int* columnIndices, float* values, int pointerCount, int blockCount,
                                        int valueCount, int blockRows, int blockColumns, float* x, int columns, float* y, int rows, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<int>(rowPointers, pointerCount), new ReadOnlySpan<int>(columnIndices, blockCount), new ReadOnlySpan<float>(values, valueCount),
                   blockRows, blockColumns, start, end, new ReadOnlySpan<float>(x, columns), new Span<float>(y, rows), accumulate);
    }
}
