using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels.Sparse;

/// <summary>
/// Signature of every <see cref="SpmvCsc"/> variant: <c>y (=|+=) A x</c> from CSC storage of <c>A: [M, K]</c>,
/// over already validated arguments.
/// </summary>
/// <param name="columnPointers">CSC column pointers <c>[K + 1]</c>.</param>
/// <param name="rowIndices">Row index of each stored value <c>[nnz]</c>, each in <c>[0, M)</c>.</param>
/// <param name="values">Stored values <c>[nnz]</c>.</param>
/// <param name="x">Input <c>[K]</c>.</param>
/// <param name="y">Output <c>[M]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void SpmvCscKernel(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> values,
                                   ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Sparse product <c>y = A x</c> or <c>y += A x</c> from CSC storage of <c>A: [M, K]</c>: for every column j
/// with <c>x[j] ≠ 0</c>, the stored column is scaled by <c>x[j]</c> and scattered into y. This is the event
/// product (work proportional to the stored weights of the inputs that fired) and, applied to the CSC of
/// <c>Aᵀ</c>, the fast transposed product.
/// </summary>
public static class SpmvCsc
{
    /// <summary>Computes <c>y = A x</c>, or <c>y += A x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[i] (+)= Σ over stored (i, j) with x[j] ≠ 0 of A[i, j] · x[j]</c>. Columns with
    /// <c>x[j] == 0</c> are skipped, so a non-finite weight there does not propagate. Runs on one thread (a scatter);
    /// entries are accumulated in column order, so results are deterministic.</remarks>
    /// <param name="a">Matrix <c>[M, K]</c> in CSC.</param>
    /// <param name="x">Input <c>[K]</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.SpmvCsc"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps <paramref name="x"/> or the values of <paramref name="a"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(CscMatrix a, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<SpmvCscKernel>? variant = null)
    {
        ThrowHelper.NotNull(a, nameof(a));
        ThrowHelper.Length(x.Length, a.Columns, nameof(x), "[K]");
        ThrowHelper.Length(y.Length, a.Rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(a.Values, y, nameof(y), nameof(a));
        KernelCatalog.SpmvCsc.Resolve(variant)(a.ColumnPointers, a.RowIndices, a.Values, x, y, accumulate);
    }
}
