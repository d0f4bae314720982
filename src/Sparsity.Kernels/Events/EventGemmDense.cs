using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Batched event-driven dense product <c>Y[b, :] (=|+=) W[:, active_b] · X[b, active_b]</c> for every sample b,
/// with <c>W: [M, K]</c> stored transposed as <c>Wt: [K, M]</c> row-major (column j of W is row j of Wt) and
/// outputs row-major <c>Y: [B, M]</c>. Samples are split across threads; each runs the
/// <see cref="EventGemvDense"/> kernel on its own events and its own output row.
/// </summary>
public static class EventGemmDense
{
    /// <summary>Computes every sample's event product into its row of <paramref name="y"/>.</summary>
    /// <param name="wt">Transposed weights <c>Wt: [K, M]</c>.</param>
    /// <param name="events">Per-sample events of <c>X: [B, K]</c> (from <see cref="EventExtraction.ExtractBatch"/>).</param>
    /// <param name="y">Output <c>[B, M]</c>, row-major; may not overlap the weights.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A variant from <see cref="KernelCatalog.EventGemvDense"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length or width does not match, or a sample's events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(DenseMatrix wt, EventBatch events, Span<float> y, bool accumulate = false, KernelVariant<EventGemvDenseKernel>? variant = null)
    {
        ThrowHelper.NotNull(wt, nameof(wt));
        int k = wt.Rows, m = wt.Columns;
        EventBatch.Validate(events, k, nameof(events));
        ThrowHelper.Length(y.Length, (long)events.BatchSize * m, nameof(y), "[B, M]");
        ReadOnlySpan<float> w = wt.AsSpan();
        ThrowHelper.NoOverlap<float, float>(w, y, nameof(y), nameof(wt));
        ThrowHelper.NoOverlap<float, float>(events.Values, y, nameof(y), nameof(events));
        EventGemvDenseKernel kernel = KernelCatalog.EventGemvDense.Resolve(variant);
        fixed (float* pw = w, py = y, pv = events.Values)
        fixed (int* pi = events.Indices, po = events.Offsets)
        {
            var work = new Work(kernel, pw, w.Length, m, pi, pv, po, py, accumulate);
            ParallelRange.Run(events.BatchSize, grain: 1, workPerItem: Math.Max(1L, (long)m * (events.Count / Math.Max(1, events.BatchSize) + 1)), in work);
        }
    }

    private readonly unsafe struct Work(EventGemvDenseKernel kernel, float* wt, int wtLength, int m, int* indices, float* values, int* offsets, float* y, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end)
        {
            for (int b = start; b < end; b++)
            {
                int o = offsets[b], n = offsets[b + 1] - o;
                kernel(new ReadOnlySpan<float>(wt, wtLength), m, 0, new ReadOnlySpan<int>(indices + o, n), new ReadOnlySpan<float>(values + o, n),
                       new Span<float>(y + ((long)b * m), m), accumulate);
            }
        }
    }
}
