using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Sparse;

/// <summary>
/// Signature of every <see cref="SpmmCsr"/> variant: for rows <c>i ∈ [rowStart, rowEnd)</c> of a CSR matrix
/// <c>A: [M, K]</c>, <c>Y[b, i] (=|+=) Σⱼ A[i, j] · Xᵀ[j, b]</c> from the feature-major packed input, over
/// already validated arguments.
/// </summary>
/// <param name="rowPointers">CSR row pointers <c>[M + 1]</c>.</param>
/// <param name="columnIndices">Column index of each stored value <c>[nnz]</c>, each in <c>[0, K)</c>.</param>
/// <param name="values">Stored values <c>[nnz]</c>.</param>
/// <param name="rowStart">First row of A to compute.</param>
/// <param name="rowEnd">One past the last row of A to compute.</param>
/// <param name="packed">The input packed feature-major, <c>[K, B]</c>: <c>packed[j · B + b] = X[b, j]</c>.</param>
/// <param name="batch">B.</param>
/// <param name="y">Whole output <c>[B, M]</c>, row-major; only columns <c>[rowStart, rowEnd)</c> are written.</param>
/// <param name="rows">M (the row stride of <paramref name="y"/>).</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void SpmmCsrKernel(ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values,
                                   int rowStart, int rowEnd, ReadOnlySpan<float> packed, int batch, Span<float> y, int rows, bool accumulate);

/// <summary>
/// Batched sparse product <c>Y[B, M] (=|+=) X[B, K] · Aᵀ</c> for a CSR matrix <c>A: [M, K]</c> and row-major
/// activations (each sample a row): the batched <c>W x</c>. XNNPACK-style: X is packed feature-major into a
/// caller-provided workspace so that, for each stored weight, the batch is one contiguous vector.
/// </summary>
public static class SpmmCsr
{
    /// <summary>Length of the workspace <see cref="Multiply"/> needs: <c>K · B</c> floats.</summary>
    /// <param name="columns">K (≥ 0).</param>
    /// <param name="batch">B (≥ 0).</param>
    /// <returns><c>K · B</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException"><c>K · B</c> exceeds <see cref="int.MaxValue"/>.</exception>
    public static int WorkspaceLength(int columns, int batch)
    {
        ThrowHelper.NonNegative(columns, nameof(columns));
        ThrowHelper.NonNegative(batch, nameof(batch));
        long n = (long)columns * batch;
        if (n > int.MaxValue)
        {
            ThrowHelper.Argument(nameof(batch), $"The workspace [K, B] = [{columns}, {batch}] exceeds int.MaxValue elements.");
        }

        return (int)n;
    }

    /// <summary>Computes <c>Y = X · Aᵀ</c>, or <c>Y += X · Aᵀ</c> when <paramref name="accumulate"/> is set.</summary>
    /// <remarks>Effectively computes <c>Y[b, i] (+)= Σ over stored (i, j) of A[i, j] · X[b, j]</c>. Rows of A are split
    /// across threads; each output is computed by one thread, so results do not depend on the thread count.</remarks>
    /// <param name="a">Matrix <c>[M, K]</c>.</param>
    /// <param name="x">Input <c>[B, K]</c>, row-major.</param>
    /// <param name="batch">B (≥ 0).</param>
    /// <param name="y">Output <c>[B, M]</c>, row-major; may not overlap <paramref name="x"/> or <paramref name="workspace"/>.</param>
    /// <param name="workspace">Scratch of at least <see cref="WorkspaceLength"/>(K, B) floats; its contents are overwritten.
    /// May not overlap <paramref name="x"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.SpmmCsr"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match the shape, the workspace is too short, or buffers overlap.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(CsrMatrix a, ReadOnlySpan<float> x, int batch, Span<float> y, Span<float> workspace,
                                       bool accumulate = false, KernelVariant<SpmmCsrKernel>? variant = null)
    {
        ThrowHelper.NotNull(a, nameof(a));
        ThrowHelper.NonNegative(batch, nameof(batch));
        int k = a.Columns, m = a.Rows;
        ThrowHelper.Length(x.Length, (long)batch * k, nameof(x), "[B, K]");
        ThrowHelper.Length(y.Length, (long)batch * m, nameof(y), "[B, M]");
        ThrowHelper.MinLength(workspace.Length, (long)batch * k, nameof(workspace), "[K, B]");
        ThrowHelper.NoOverlap<float, float>(x, y, nameof(y), nameof(x));
        ThrowHelper.NoOverlap<float, float>(workspace, y, nameof(y), nameof(workspace));
        ThrowHelper.NoOverlap<float, float>(x, workspace, nameof(workspace), nameof(x));
        if (batch == 1 && variant is null)
        {
            // One row is a matrix-vector product: the SpMV kernels read x in place, where packing plus a batch loop of
            // length 1 measured several times slower (a pruned LSTM's streaming step at batch 1).
            SpmvCsr.Multiply(a, x, y, accumulate);
            return;
        }

        SpmmCsrKernel kernel = KernelCatalog.SpmmCsr.Resolve(variant);

        // Pack X [B, K] into feature-major [K, B] once per call: afterwards every stored weight touches one contiguous
        // batch vector instead of B strided floats.
        Span<float> packed = workspace[..(batch * k)];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = x.Slice(b * k, k);
            for (int j = 0; j < k; j++)
            {
                packed[j * batch + b] = row[j];
            }
        }

        ReadOnlySpan<int> rp = a.RowPointers, ci = a.ColumnIndices;
        ReadOnlySpan<float> v = a.Values;
        fixed (int* prp = rp, pci = ci)
        fixed (float* pv = v, pw = packed, py = y)
        {
            var work = new Work(kernel, prp, pci, pv, m, a.Nnz, pw, k, batch, py, accumulate);
            ParallelRange.Run(m, grain: 1, workPerItem: m == 0 ? 0 : ((long)a.Nnz / m + 1) * batch, in work);
        }
    }

    private readonly unsafe struct Work(SpmmCsrKernel kernel, int* rowPointers, int* columnIndices, float* values, int rows, int nnz,
                                        float* packed, int columns, int batch, float* y, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<int>(rowPointers, rows + 1), new ReadOnlySpan<int>(columnIndices, nnz), new ReadOnlySpan<float>(values, nnz),
                   start, end, new ReadOnlySpan<float>(packed, columns * batch), batch, new Span<float>(y, rows * batch), rows, accumulate);
    }
}
