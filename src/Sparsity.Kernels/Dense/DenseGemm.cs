using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Dense;

/// <summary>
/// Signature of every <see cref="DenseGemm"/> variant: <c>Y[rows, outputs] (=|+=) X[rows, inner] · Wᵀ</c> over
/// already validated arguments.
/// </summary>
/// <param name="x">Row-major input rows <c>[rows, inner]</c>.</param>
/// <param name="rows">Rows of X (and Y) to compute.</param>
/// <param name="inner">K, the shared dimension.</param>
/// <param name="w">Row-major weights <c>[outputs, inner]</c>.</param>
/// <param name="outputs">M, rows of W.</param>
/// <param name="y">Row-major output <c>[rows, outputs]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void DenseGemmKernel(ReadOnlySpan<float> x, int rows, int inner, ReadOnlySpan<float> w, int outputs, Span<float> y, bool accumulate);

/// <summary>
/// Dense batched input projection <c>Y = X · Wᵀ</c> or <c>Y += X · Wᵀ</c> for row-major <c>X: [N, K]</c> (one
/// sample per row, e.g. all B·T time steps) and <c>W: [M, K]</c>, giving <c>Y: [N, M]</c>.
/// </summary>
public static class DenseGemm
{
    /// <summary>Computes <c>Y = X · Wᵀ</c>, or <c>Y += X · Wᵀ</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>Y[n, i] (+)= Σₖ X[n, k] · W[i, k]</c>. Rows of X are split across threads;
    /// each Y element is one dot product summed in a fixed order, so results do not depend on the thread count.</remarks>
    /// <param name="x">Input <c>[N, K]</c>.</param>
    /// <param name="w">Weights <c>[M, K]</c>.</param>
    /// <param name="y">Output <c>[N, M]</c>; may not overlap the inputs.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.DenseGemm"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not match, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(DenseMatrix x, DenseMatrix w, DenseMatrix y, bool accumulate = false, KernelVariant<DenseGemmKernel>? variant = null)
    {
        ThrowHelper.NotNull(x, nameof(x));
        ThrowHelper.NotNull(w, nameof(w));
        ThrowHelper.NotNull(y, nameof(y));
        ThrowHelper.Length(w.Columns, x.Columns, nameof(w), "[M, K] with K = x.Columns");
        ThrowHelper.Length(y.Rows, x.Rows, nameof(y), "[N, M] with N = x.Rows");
        ThrowHelper.Length(y.Columns, w.Rows, nameof(y), "[N, M] with M = w.Rows");
        Multiply(x.AsSpan(), x.Rows, x.Columns, w.AsSpan(), w.Rows, y.AsSpan(), accumulate, variant);
    }

    /// <summary>Computes <c>Y = X · Wᵀ</c>, or <c>Y += X · Wᵀ</c>, over row-major buffers.</summary>
    /// <param name="x">Input, row-major <c>[rows, inner]</c>.</param>
    /// <param name="rows">N (≥ 0).</param>
    /// <param name="inner">K (≥ 0).</param>
    /// <param name="w">Weights, row-major <c>[outputs, inner]</c>.</param>
    /// <param name="outputs">M (≥ 0).</param>
    /// <param name="y">Output, row-major <c>[rows, outputs]</c>; may not overlap <paramref name="x"/> or <paramref name="w"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="y"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(ReadOnlySpan<float> x, int rows, int inner, ReadOnlySpan<float> w, int outputs, Span<float> y, bool accumulate = false, KernelVariant<DenseGemmKernel>? variant = null)
    {
        ThrowHelper.NonNegative(rows, nameof(rows));
        ThrowHelper.NonNegative(inner, nameof(inner));
        ThrowHelper.NonNegative(outputs, nameof(outputs));
        ThrowHelper.Length(x.Length, (long)rows * inner, nameof(x), "[N, K]");
        ThrowHelper.Length(w.Length, (long)outputs * inner, nameof(w), "[M, K]");
        ThrowHelper.Length(y.Length, (long)rows * outputs, nameof(y), "[N, M]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(w, y, nameof(y), nameof(w));
        DenseGemmKernel kernel = KernelCatalog.DenseGemm.Resolve(variant);
        fixed (float* px = x, pw = w, py = y)
        {
            var work = new Work(kernel, px, pw, py, inner, outputs, accumulate);
            ParallelRange.Run(rows, grain: 4, workPerItem: (long)inner * outputs, in work);
        }
    }

    private readonly unsafe struct Work(DenseGemmKernel kernel, float* x, float* w, float* y, int inner, int outputs, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<float>(x + (long)start * inner, (end - start) * inner), end - start, inner,
                   new ReadOnlySpan<float>(w, outputs * inner), outputs,
                   new Span<float>(y + (long)start * outputs, (end - start) * outputs), accumulate);
    }
}
