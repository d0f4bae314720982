using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Dense;

/// <summary>
/// Signature of every <see cref="DenseGemv"/> variant: <c>y[0..rows) (=|+=) W[rows, columns] · x</c> over
/// already validated arguments.
/// </summary>
/// <param name="w">Row-major weights <c>[rows, columns]</c>.</param>
/// <param name="rows">Rows to compute.</param>
/// <param name="columns">Columns K.</param>
/// <param name="x">Input <c>[K]</c>.</param>
/// <param name="y">Output <c>[rows]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void DenseGemvKernel(ReadOnlySpan<float> w, int rows, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate);

/// <summary>
/// Dense matrix–vector product <c>y = W x</c> or <c>y += W x</c> for row-major <c>W: [M, K]</c>: the
/// baseline every sparse kernel is measured against.
/// </summary>
public static class DenseGemv
{
    /// <summary>Computes <c>y = W x</c>, or <c>y += W x</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>y[i] (+)= Σⱼ W[i, j] · x[j]</c>. Rows are split across threads when the
    /// product is large enough; each y[i] is computed by one thread, so results do not depend on the thread count.</remarks>
    /// <param name="w">Weights <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[K]</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="x"/> or the weights.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.DenseGemv"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(DenseMatrix w, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<DenseGemvKernel>? variant = null)
    {
        ThrowHelper.NotNull(w, nameof(w));
        Multiply(w.AsSpan(), w.Rows, w.Columns, x, y, accumulate, variant);
    }

    /// <summary>Computes <c>y = W x</c>, or <c>y += W x</c>, for a row-major buffer <c>W: [rows, columns]</c>.</summary>
    /// <param name="w">Weights, row-major, length <c>rows · columns</c>.</param>
    /// <param name="rows">M (≥ 0).</param>
    /// <param name="columns">K (≥ 0).</param>
    /// <param name="x">Input <c>[K]</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="x"/> or <paramref name="w"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(ReadOnlySpan<float> w, int rows, int columns, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false, KernelVariant<DenseGemvKernel>? variant = null)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.Length(w.Length, (long)rows * columns, nameof(w), "[M, K]");
        ThrowHelper.Length(x.Length, columns, nameof(x), "[K]");
        ThrowHelper.Length(y.Length, rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(w, y, nameof(y), nameof(w));
        DenseGemvKernel kernel = KernelCatalog.DenseGemv.Resolve(variant);
        fixed (float* pw = w, px = x, py = y)
        {
            var work = new Work(kernel, pw, px, py, columns, accumulate);
            ParallelRange.Run(rows, grain: 4, workPerItem: columns, in work);
        }
    }

    private readonly unsafe struct Work(DenseGemvKernel kernel, float* w, float* x, float* y, int columns, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<float>(w + (long)start * columns, (end - start) * columns), end - start, columns,
                   new ReadOnlySpan<float>(x, columns), new Span<float>(y + start, end - start), accumulate);
    }
}
