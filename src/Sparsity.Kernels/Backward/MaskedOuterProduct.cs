using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Backward;

/// <summary>
/// Weight gradient for pruned (sparse) weights: <c>dValues[p] += Σₙ dY[n, i] · X[n, j]</c> for every stored entry
/// <c>(i, j)</c> at position p of a CSR or BSR pattern, so gradients are only formed where weights exist.
/// </summary>
/// <remarks>Batch layout is row-major: <c>dY: [N, M]</c> and <c>X: [N, K]</c> for a pattern of shape <c>[M, K]</c>.
/// Terms whose <c>dY[n, i]</c> is exactly zero are skipped (a sparse surrogate gradient makes this proportionally
/// cheaper, and a NaN in such an X row does not propagate). Pattern rows are split across threads; each gradient
/// entry is owned by one thread and samples are added in order, so results do not depend on the thread count.</remarks>
public static class MaskedOuterProduct
{
    /// <summary>Accumulates <c>dValues[p] += Σₙ dY[n, i] · X[n, ColumnIndices[p]]</c> over the stored entries of a CSR pattern.</summary>
    /// <param name="pattern">The sparse weights <c>[M, K]</c>; only its structure is read.</param>
    /// <param name="dy">Output gradient, row-major <c>[samples, M]</c>.</param>
    /// <param name="x">Inputs, row-major <c>[samples, K]</c>.</param>
    /// <param name="samples">N (≥ 0).</param>
    /// <param name="dValues">Gradient <c>[Nnz]</c>, aligned with <see cref="CsrMatrix.Values"/>; may not overlap <paramref name="dy"/> or <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="dValues"/> overlaps an input.</exception>
    public static unsafe void Accumulate(CsrMatrix pattern, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int samples, Span<float> dValues)
    {
        ThrowHelper.NotNull(pattern, nameof(pattern));
        ThrowHelper.NonNegative(samples, nameof(samples));
        ThrowHelper.Length(dy.Length, (long)samples * pattern.Rows, nameof(dy), "[N, M]");
        ThrowHelper.Length(x.Length, (long)samples * pattern.Columns, nameof(x), "[N, K]");
        ThrowHelper.Length(dValues.Length, pattern.Nnz, nameof(dValues), "[Nnz]");
        ThrowHelper.NoOverlap<float, float>(dy, dValues, nameof(dValues), nameof(dy));
        ThrowHelper.NoOverlap<float, float>(x, dValues, nameof(dValues), nameof(x));
        fixed (int* rp = pattern.RowPointers, ci = pattern.ColumnIndices)
        fixed (float* pdy = dy, px = x, pdv = dValues)
        {
            var work = new CsrWork(rp, ci, pdy, px, pdv, samples, pattern.Rows, pattern.Columns);
            long perRow = pattern.Rows == 0 ? 0 : Math.Max(1, pattern.Nnz / pattern.Rows) * (long)samples;
            ParallelRange.Run(pattern.Rows, grain: 8, workPerItem: perRow, in work);
        }
    }

    /// <summary>Accumulates the gradient of every stored block of a BSR pattern; padding entries are left untouched.</summary>
    /// <param name="pattern">The block-sparse weights <c>[M, K]</c>; only its structure is read.</param>
    /// <param name="dy">Output gradient, row-major <c>[samples, M]</c>.</param>
    /// <param name="x">Inputs, row-major <c>[samples, K]</c>.</param>
    /// <param name="samples">N (≥ 0).</param>
    /// <param name="dValues">Gradient <c>[BlockCount · BlockRows · BlockColumns]</c>, aligned with <see cref="BsrMatrix.Values"/>;
    /// may not overlap <paramref name="dy"/> or <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, or <paramref name="dValues"/> overlaps an input.</exception>
    public static unsafe void Accumulate(BsrMatrix pattern, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int samples, Span<float> dValues)
    {
        ThrowHelper.NotNull(pattern, nameof(pattern));
        ThrowHelper.NonNegative(samples, nameof(samples));
        ThrowHelper.Length(dy.Length, (long)samples * pattern.Rows, nameof(dy), "[N, M]");
        ThrowHelper.Length(x.Length, (long)samples * pattern.Columns, nameof(x), "[N, K]");
        ThrowHelper.Length(dValues.Length, pattern.Values.Length, nameof(dValues), "[BlockCount · BlockRows · BlockColumns]");
        ThrowHelper.NoOverlap<float, float>(dy, dValues, nameof(dValues), nameof(dy));
        ThrowHelper.NoOverlap<float, float>(x, dValues, nameof(dValues), nameof(x));
        int blockRowCount = pattern.BlockRowCount;
        fixed (int* rp = pattern.BlockRowPointers, ci = pattern.BlockColumnIndices)
        fixed (float* pdy = dy, px = x, pdv = dValues)
        {
            var work = new BsrWork(rp, ci, pdy, px, pdv, samples, pattern.Rows, pattern.Columns, pattern.BlockRows, pattern.BlockColumns);
            long perBlockRow = blockRowCount == 0 ? 0 : Math.Max(1, pattern.Values.Length / blockRowCount) * (long)samples;
            ParallelRange.Run(blockRowCount, grain: 2, workPerItem: perBlockRow, in work);
        }
    }

    private readonly unsafe struct CsrWork(int* rowPointers, int* columns, float* dy, float* x, float* dv, int samples, int rows, int inner) : IRangeWork
    {
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                int p0 = rowPointers[i], p1 = rowPointers[i + 1];
                if (p0 == p1)
                {
                    continue;
                }

                for (int n = 0; n < samples; n++)
                {
                    float g = dy[((long)n * rows) + i];
                    if (g == 0f)
                    {
                        // Sparse surrogate gradients leave most dY entries at zero: skipping them is the whole saving.
                        continue;
                    }

                    // Gather over the stored columns: the pattern is too irregular for a vector body to pay off here.
                    float* xr = x + ((long)n * inner);
                    for (int p = p0; p < p1; p++)
                    {
                        dv[p] += g * xr[columns[p]];
                    }
                }
            }
        }
    }

    private readonly unsafe struct BsrWork(int* blockRowPointers, int* blockColumns, float* dy, float* x, float* dv, int samples, int rows, int inner, int blockRows, int blockColumnWidth) : IRangeWork
    {
        public void Run(int start, int end)
        {
            int blockSize = blockRows * blockColumnWidth;
            for (int bi = start; bi < end; bi++)
            {
                int rowStart = bi * blockRows;
                int rowCount = Math.Min(blockRows, rows - rowStart);
                for (int p = blockRowPointers[bi]; p < blockRowPointers[bi + 1]; p++)
                {
                    int colStart = blockColumns[p] * blockColumnWidth;
                    int colCount = Math.Min(blockColumnWidth, inner - colStart);
                    float* block = dv + ((long)p * blockSize);
                    for (int n = 0; n < samples; n++)
                    {
                        float* xr = x + ((long)n * inner) + colStart;
                        float* dyr = dy + ((long)n * rows) + rowStart;
                        for (int r = 0; r < rowCount; r++)
                        {
                            float g = dyr[r];
                            if (g == 0f)
                            {
                                continue;
                            }

                            // Only the in-range columns: padding gradients stay as the caller left them.
                            float* dst = block + ((long)r * blockColumnWidth);
                            for (int c = 0; c < colCount; c++)
                            {
                                dst[c] += g * xr[c];
                            }
                        }
                    }
                }
            }
        }
    }
}
