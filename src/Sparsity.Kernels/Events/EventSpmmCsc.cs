using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Batched event-driven sparse product <c>Y[b, :] (=|+=) W[:, active_b] · X[b, active_b]</c> for CSC
/// <c>W: [M, K]</c> and row-major <c>Y: [B, M]</c>. Samples are split across threads; each runs the
/// <see cref="EventSpmvCsc"/> kernel on its own events and output row, so no two threads share an output.
/// </summary>
public static class EventSpmmCsc
{
    /// <summary>Computes every sample's event product into its row of <paramref name="y"/>.</summary>
    /// <param name="w">Weights <c>[M, K]</c> in CSC.</param>
    /// <param name="events">Per-sample events of <c>X: [B, K]</c>.</param>
    /// <param name="y">Output <c>[B, M]</c>, row-major; may not overlap the weights.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A variant from <see cref="KernelCatalog.EventSpmvCsc"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length or width does not match, or a sample's events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(CscMatrix w, EventBatch events, Span<float> y, bool accumulate = false, KernelVariant<EventSpmvCscKernel>? variant = null)
    {
        ThrowHelper.NotNull(w, nameof(w));
        EventBatch.Validate(events, w.Columns, nameof(events));
        int m = w.Rows;
        ThrowHelper.Length(y.Length, (long)events.BatchSize * m, nameof(y), "[B, M]");
        ThrowHelper.NoOverlap<float, float>(w.Values, y, nameof(y), nameof(w));
        ThrowHelper.NoOverlap<float, float>(events.Values, y, nameof(y), nameof(events));
        EventSpmvCscKernel kernel = KernelCatalog.EventSpmvCsc.Resolve(variant);
        ReadOnlySpan<int> cp = w.ColumnPointers, ri = w.RowIndices;
        ReadOnlySpan<float> wv = w.Values;
        fixed (int* pcp = cp, pri = ri, pi = events.Indices, po = events.Offsets)
        fixed (float* pwv = wv, py = y, pv = events.Values)
        {
            var work = new Work(kernel, pcp, cp.Length, pri, wv.Length, pwv, pi, pv, po, py, m, accumulate);
            long perSample = events.BatchSize == 0 ? 1 : Math.Max(1L, w.Nnz / Math.Max(1, w.Columns) * (events.Count / events.BatchSize + 1));
            ParallelRange.Run(events.BatchSize, grain: 1, workPerItem: perSample, in work);
        }
    }

    private readonly unsafe struct Work(EventSpmvCscKernel kernel, int* cp, int cpLength, int* ri, int nnz, float* wv, int* indices, float* values, int* offsets, float* y, int m, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end)
        {
            for (int b = start; b < end; b++)
            {
                int o = offsets[b], n = offsets[b + 1] - o;
                kernel(new ReadOnlySpan<int>(cp, cpLength), new ReadOnlySpan<int>(ri, nnz), new ReadOnlySpan<float>(wv, nnz),
                       new ReadOnlySpan<int>(indices + o, n), new ReadOnlySpan<float>(values + o, n), new Span<float>(y + ((long)b * m), m), accumulate);
            }
        }
    }
}
