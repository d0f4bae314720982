using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Backward;

/// <summary>
/// Signature of every <see cref="WeightGradient"/> variant: for rows <c>[firstRow, firstRow + rowCount)</c> of dW,
/// <c>dW[i, :] (=|+=) Σₙ dY[n, i] · X[n, :]</c> over already validated arguments.
/// </summary>
/// <param name="dy">Output gradient, row-major <c>[samples, outputs]</c>.</param>
/// <param name="samples">N, the batch rows.</param>
/// <param name="outputs">M, the full width of <paramref name="dy"/>.</param>
/// <param name="firstRow">First dW row (output unit) this call owns.</param>
/// <param name="rowCount">Number of dW rows this call owns.</param>
/// <param name="x">Inputs, row-major <c>[samples, inner]</c>.</param>
/// <param name="inner">K, the width of X and dW.</param>
/// <param name="dw">The owned dW rows, row-major <c>[rowCount, inner]</c>.</param>
/// <param name="accumulate">Add to <paramref name="dw"/> instead of overwriting it.</param>
public delegate void WeightGradientKernel(ReadOnlySpan<float> dy, int samples, int outputs, int firstRow, int rowCount, ReadOnlySpan<float> x, int inner, Span<float> dw, bool accumulate);

/// <summary>
/// Dense weight gradient <c>dW += dYᵀ · X</c> for <c>dY: [N, M]</c>, <c>X: [N, K]</c>, <c>dW: [M, K]</c>: the
/// backward pass of <see cref="Dense.DenseGemm"/> / <see cref="Dense.DenseGemv"/>. Built from row AXPYs that skip
/// every <c>dY[n, i] == 0</c>, so a sparse surrogate gradient makes it proportionally cheaper.
/// </summary>
public static class WeightGradient
{
    /// <summary>Computes <c>dW += dYᵀ · X</c>, or <c>dW = dYᵀ · X</c> when <paramref name="accumulate"/> is false.</summary>
    /// <remarks>Effectively computes <c>dW[i, j] (+)= Σₙ dY[n, i] · X[n, j]</c>, skipping terms whose <c>dY[n, i]</c> is
    /// exactly zero (so a NaN in such an X row does not propagate). dW rows are split across threads; each row is owned by
    /// one thread and samples are added in order, so results do not depend on the thread count.</remarks>
    /// <param name="dy">Output gradient <c>[N, M]</c>.</param>
    /// <param name="x">Inputs <c>[N, K]</c>.</param>
    /// <param name="dw">Weight gradient <c>[M, K]</c>; may not overlap the inputs.</param>
    /// <param name="accumulate">Add to <paramref name="dw"/> (the default) instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.WeightGradient"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not match, or <paramref name="dw"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Accumulate(DenseMatrix dy, DenseMatrix x, DenseMatrix dw, bool accumulate = true, KernelVariant<WeightGradientKernel>? variant = null)
    {
        ThrowHelper.NotNull(dy, nameof(dy));
        ThrowHelper.NotNull(x, nameof(x));
        ThrowHelper.NotNull(dw, nameof(dw));
        ThrowHelper.Length(x.Rows, dy.Rows, nameof(x), "[N, K] with N = dy.Rows");
        ThrowHelper.Length(dw.Rows, dy.Columns, nameof(dw), "[M, K] with M = dy.Columns");
        ThrowHelper.Length(dw.Columns, x.Columns, nameof(dw), "[M, K] with K = x.Columns");
        Accumulate(dy.AsSpan(), dy.Rows, dy.Columns, x.AsSpan(), x.Columns, dw.AsSpan(), accumulate, variant);
    }

    /// <summary>Computes <c>dW += dYᵀ · X</c>, or <c>dW = dYᵀ · X</c>, over row-major buffers.</summary>
    /// <param name="dy">Output gradient, row-major <c>[samples, outputs]</c>.</param>
    /// <param name="samples">N (≥ 0).</param>
    /// <param name="outputs">M (≥ 0).</param>
    /// <param name="x">Inputs, row-major <c>[samples, inner]</c>.</param>
    /// <param name="inner">K (≥ 0).</param>
    /// <param name="dw">Weight gradient, row-major <c>[outputs, inner]</c>; may not overlap <paramref name="dy"/> or <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="dw"/> (the default) instead of overwriting it.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="dw"/> overlaps an input.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Accumulate(ReadOnlySpan<float> dy, int samples, int outputs, ReadOnlySpan<float> x, int inner, Span<float> dw, bool accumulate = true, KernelVariant<WeightGradientKernel>? variant = null)
    {
        ThrowHelper.NonNegative(samples, nameof(samples));
        ThrowHelper.NonNegative(outputs, nameof(outputs));
        ThrowHelper.NonNegative(inner, nameof(inner));
        ThrowHelper.Length(dy.Length, (long)samples * outputs, nameof(dy), "[N, M]");
        ThrowHelper.Length(x.Length, (long)samples * inner, nameof(x), "[N, K]");
        ThrowHelper.Length(dw.Length, (long)outputs * inner, nameof(dw), "[M, K]");
        ThrowHelper.NoOverlap<float, float>(dy, dw, nameof(dw), nameof(dy));
        ThrowHelper.NoOverlap<float, float>(x, dw, nameof(dw), nameof(x));
        WeightGradientKernel kernel = KernelCatalog.WeightGradient.Resolve(variant);
        fixed (float* pdy = dy, px = x, pdw = dw)
        {
            var work = new Work(kernel, pdy, px, pdw, samples, outputs, inner, accumulate);
            ParallelRange.Run(outputs, grain: 4, workPerItem: (long)samples * inner, in work);
        }
    }

    private readonly unsafe struct Work(WeightGradientKernel kernel, float* dy, float* x, float* dw, int samples, int outputs, int inner, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<float>(dy, samples * outputs), samples, outputs, start, end - start,
                   new ReadOnlySpan<float>(x, samples * inner), inner,
                   new Span<float>(dw + (long)start * inner, (end - start) * inner), accumulate);
    }
}
