using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Dense;

/// <summary>
/// Signature of every <see cref="DenseGemvTransposed"/> variant: <c>y[0..columns) (=|+=) Σᵢ x[i] · W[i, 0..columns)</c>
/// over already validated arguments, for a column slice of a row-major matrix.
/// </summary>
/// <param name="w">Row-major weights starting at the slice's first column; row i begins at <c>i · stride</c>.</param>
/// <param name="rows">Rows M (length of <paramref name="x"/>).</param>
/// <param name="stride">Distance between rows (the full matrix's K).</param>
/// <param name="columns">Columns in this slice (length of <paramref name="y"/>).</param>
/// <param name="x">Input <c>[M]</c>.</param>
/// <param name="y">Output slice <c>[columns]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void DenseGemvTransposedKernel(ReadOnlySpan<float> w, int rows, int stride, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Transposed dense matrix–vector product <c>y = Wᵀ x</c> or <c>y += Wᵀ x</c> for row-major <c>W: [M, K]</c>
/// (the backward input gradient of <see cref="DenseGemv"/>). Computed as row AXPYs that skip every
/// <c>x[i] == 0</c>, so a sparse surrogate gradient makes it proportionally cheaper.
/// </summary>
public static class DenseGemvTransposed
{
    /// <summary>Output columns per thread-split unit: a multiple of every vector width, so which columns take the
    /// vector body and which the scalar tail never depends on the split, keeping results bit-identical across thread counts.</summary>
    private const int ColumnBlock = 16;

    /// <summary>Computes <c>y = Wᵀ x</c>, or <c>y += Wᵀ x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[j] (+)= Σᵢ W[i, j] · x[i]</c>, skipping rows whose <c>x[i]</c> is exactly zero
    /// (so a NaN in such a row does not propagate). Output columns are split across threads; each y[j] is summed
    /// by one thread in row order, so results do not depend on the thread count.</remarks>
    /// <param name="w">Weights <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[M]</c>.</param>
    /// <param name="y">Output <c>[K]</c>; may not overlap <paramref name="x"/> or the weights.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.DenseGemvTransposed"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(DenseMatrix w, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<DenseGemvTransposedKernel>? variant = null)
    {
        ThrowHelper.NotNull(w, nameof(w));
        Multiply(w.AsSpan(), w.Rows, w.Columns, x, y, accumulate, variant);
    }

    /// <summary>Computes <c>y = Wᵀ x</c>, or <c>y += Wᵀ x</c>, for a row-major buffer <c>W: [rows, columns]</c>.</summary>
    /// <param name="w">Weights, row-major, length <c>rows · columns</c>.</param>
    /// <param name="rows">M (≥ 0).</param>
    /// <param name="columns">K (≥ 0).</param>
    /// <param name="x">Input <c>[M]</c>.</param>
    /// <param name="y">Output <c>[K]</c>; may not overlap <paramref name="x"/> or <paramref name="w"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(ReadOnlySpan<float> w, int rows, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<DenseGemvTransposedKernel>? variant = null)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Length(w.Length, (long)rows * columns, nameof(w), "[M, K]");
        ThrowHelper.Length(x.Length, rows, nameof(x), "[M]");
        ThrowHelper.Length(y.Length, columns, nameof(y), "[K]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(w, y, nameof(y), nameof(w));
        DenseGemvTransposedKernel kernel = KernelCatalog.DenseGemvTransposed.Resolve(variant);
        int blocks = (columns + ColumnBlock - 1) / ColumnBlock;
        fixed (float* pw = w, px = x, py = y)
        {
            var work = new Work(kernel, pw, px, py, rows, columns, accumulate);
            ParallelRange.Run(blocks, grain: 4, workPerItem: (long)rows * ColumnBlock, in work);
        }
    }

    private readonly unsafe struct Work(DenseGemvTransposedKernel kernel, float* w, float* x, float* y, int rows, int columns, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end)
        {
            int c0 = start * ColumnBlock;
            int c1 = Math.Min(end * ColumnBlock, columns);
            long span = rows == 0 ? 0 : ((long)(rows - 1) * columns) + (c1 - c0);
            kernel(new ReadOnlySpan<float>(w + c0, (int)span), rows, columns, c1 - c0,
                   new ReadOnlySpan<float>(x, rows), new Span<float>(y + c0, c1 - c0), accumulate);
        }
    }
}
