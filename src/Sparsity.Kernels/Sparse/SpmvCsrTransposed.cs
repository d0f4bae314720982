using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels.Sparse;

/// <summary>
/// Signature of every <see cref="SpmvCsrTransposed"/> variant: <c>y (=|+=) Aᵀ x</c> from CSR storage of
/// <c>A: [M, K]</c>, over already validated arguments.
/// </summary>
/// <param name="rowPointers">CSR row pointers <c>[M + 1]</c>.</param>
/// <param name="columnIndices">Column index of each stored value <c>[nnz]</c>, each in <c>[0, K)</c>.</param>
/// <param name="values">Stored values <c>[nnz]</c>.</param>
/// <param name="x">Input <c>[M]</c>.</param>
/// <param name="y">Output <c>[K]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void SpmvCsrTransposedKernel(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                                             ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Transposed sparse product <c>y = Aᵀ x</c> or <c>y += Aᵀ x</c> straight from CSR storage of <c>A: [M, K]</c>,
/// by scattering each row of A scaled by <c>x[i]</c>. Rows with <c>x[i] == 0</c> are skipped, so this is the
/// event product used for the input gradient when the output gradient is sparse.
/// </summary>
/// <remarks>
/// The scatter writes unpredictable entries of y, so it runs on one thread. When the same matrix is multiplied
/// transposed many times with dense x, the fast path is to convert once (<see cref="CsrMatrix.ToCsc"/> of
/// <see cref="CsrMatrix.Transpose"/>, or equivalently keep the CSR of Aᵀ) and run the forward
/// <see cref="SpmvCsr"/>, or to run <see cref="SpmvCsc"/> on the CSC of Aᵀ.
/// </remarks>
public static class SpmvCsrTransposed
{
    /// <summary>Computes <c>y = Aᵀ x</c>, or <c>y += Aᵀ x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[j] (+)= Σ over stored (i, j) with x[i] ≠ 0 of A[i, j] · x[i]</c>. Because rows
    /// with <c>x[i] == 0</c> are skipped, a non-finite weight in such a row does not turn y into NaN (a dense product would).
    /// Entries of y are accumulated in row order, so results are deterministic.</remarks>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[M]</c>.</param>
    /// <param name="y">Output <c>[K]</c>; may not overlap <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.SpmvCsrTransposed"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps <paramref name="x"/> or the values of <paramref name="a"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(CsrMatrix a, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<SpmvCsrTransposedKernel>? variant = null)
    {
        ThrowHelper.NotNull(a, nameof(a));
        ThrowHelper.Length(x.Length, a.Rows, nameof(x), "[M]");
        ThrowHelper.Length(y.Length, a.Columns, nameof(y), "[K]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(a.Values, y, nameof(y), nameof(a));
        KernelCatalog.SpmvCsrTransposed.Resolve(variant)(a.RowPointers, a.ColumnIndices, a.Values, x, y, accumulate);
    }
}
