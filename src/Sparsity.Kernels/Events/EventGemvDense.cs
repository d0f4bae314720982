using Sparsity.Core.Dense;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Signature of every <see cref="EventGemvDense"/> variant: for each event (j, x_j),
/// <c>y[0..length) += x_j · Wt[j, offset .. offset + length)</c>, after zeroing y unless accumulating.
/// </summary>
/// <param name="wt">Transposed weights, row-major <c>[K, M]</c>.</param>
/// <param name="m">M: the row stride of <paramref name="wt"/>.</param>
/// <param name="offset">First output row this call computes.</param>
/// <param name="indices">Event positions (validated: ascending, in [0, K)).</param>
/// <param name="values">Event values.</param>
/// <param name="y">Output slice <c>y[offset .. offset + length)</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void EventGemvDenseKernel(ReadOnlySpan<float> wt, int m, int offset, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate);

/// <summary>
/// Event-driven dense product <c>y (=|+=) W[:, active] · x[active]</c> for <c>W: [M, K]</c> stored
/// <b>transposed</b>: the argument is <c>Wt: [K, M]</c> row-major, so column j of W is the contiguous row j of
/// Wt and each event is one streaming AXPY over M floats. Cost is proportional to the number of events.
/// </summary>
public static class EventGemvDense
{
    /// <summary>Computes <c>y = Σ_events x_j · W[:, j]</c> (or adds it to y).</summary>
    /// <remarks>Equals the dense product <c>W x'</c> where x' is zero outside the events. Output rows are split across
    /// threads; each thread visits all events in order, so results do not depend on the thread count.</remarks>
    /// <param name="wt">Transposed weights <c>Wt: [K, M]</c> (that is, <c>W.Transpose()</c>).</param>
    /// <param name="events">Events over <c>[0, K)</c>, strictly ascending.</param>
    /// <param name="y">Output <c>[M]</c>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.EventGemvDense"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(DenseMatrix wt, EventList events, Span<float> y, bool accumulate = false, KernelVariant<EventGemvDenseKernel>? variant = null)
    {
        ThrowHelper.NotNull(wt, nameof(wt));
        Multiply(wt.AsSpan(), wt.Rows, wt.Columns, events, y, accumulate, variant);
    }

    /// <summary>Computes <c>y (=|+=) W[:, active] · x[active]</c> from a row-major buffer <c>Wt: [K, M]</c>.</summary>
    /// <param name="wt">Transposed weights, length <c>K · M</c>.</param>
    /// <param name="k">K: inputs (rows of Wt).</param>
    /// <param name="m">M: outputs (columns of Wt).</param>
    /// <param name="events">Events over <c>[0, K)</c>.</param>
    /// <param name="y">Output <c>[M]</c>; may not overlap <paramref name="wt"/>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static unsafe void Multiply(ReadOnlySpan<float> wt, int k, int m, EventList events, Span<float> y, bool accumulate = false, KernelVariant<EventGemvDenseKernel>? variant = null)
    {
        ThrowHelper.NonNegative(k, nameof(k));
        ThrowHelper.NonNegative(m, nameof(m));
        ThrowHelper.Length(wt.Length, (long)k * m, nameof(wt), "[K, M]");
        ThrowHelper.Length(y.Length, m, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(wt, y, nameof(y), nameof(wt));
        EventList.Validate(events, k, nameof(events));
        ThrowHelper.NoOverlap<float, float>(events.Values, y, nameof(y), nameof(events));
        EventGemvDenseKernel kernel = KernelCatalog.EventGemvDense.Resolve(variant);
        int count = events.Count;
        fixed (float* pw = wt, py = y, pv = events.Values)
        fixed (int* pi = events.Indices)
        {
            var work = new Work(kernel, pw, wt.Length, m, pi, pv, count, py, accumulate);

            // Grain of 64 rows keeps each thread's slice a whole number of 512-bit vectors in the common case.
            ParallelRange.Run(m, grain: 64, workPerItem: Math.Max(count, 1), in work);
        }
    }

    private readonly unsafe struct Work(EventGemvDenseKernel kernel, float* wt, int wtLength, int m, int* indices, float* values, int count, float* y, bool accumulate) : IRangeWork
    {
        public void Run(int start, int end) =>
            kernel(new ReadOnlySpan<float>(wt, wtLength), m, start, new ReadOnlySpan<int>(indices, count), new ReadOnlySpan<float>(values, count),
                   new Span<float>(y + start, end - start), accumulate);
    }
}
