using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Signature of every <see cref="EventExtraction"/> variant: writes the positions of the nonzero elements of
/// <c>x</c> (plus <c>indexBase</c>), ascending, and their values; returns how many. Buffers hold at least
/// <c>x.Length</c> entries.
/// </summary>
/// <param name="x">Activations <c>[K]</c>.</param>
/// <param name="indices">Index output, length ≥ K.</param>
/// <param name="values">Value output, length ≥ K.</param>
/// <returns>The number of events written.</returns>
public delegate int EventExtractKernel(ReadOnlySpan<float> x, Span<int> indices, Span<float> values);

/// <summary>
/// Turns dense activations into events: the compact ascending list of positions whose value is not zero
/// (NaN counts as fired; −0 does not), the input of every event-driven product.
/// </summary>
public static class EventExtraction
{
    /// <summary>Fills <paramref name="events"/> with the nonzero positions of <paramref name="x"/> and their values.</summary>
    /// <param name="x">Activations <c>[K]</c>.</param>
    /// <param name="events">Destination with capacity ≥ K; its <see cref="EventList.Count"/> is set.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.EventExtract"/>; null runs the selected one.</param>
    /// <returns>The number of events.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> is smaller than <paramref name="x"/>.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static int Extract(ReadOnlySpan<float> x, EventList events, KernelVariant<EventExtractKernel>? variant = null)
    {
        ThrowHelper.NotNull(events, nameof(events));
        ThrowHelper.MinLength(events.Capacity, x.Length, nameof(events), "capacity ≥ [K]");
        EventExtractKernel kernel = KernelCatalog.EventExtract.Resolve(variant);
        int count = kernel(x, events.Indices, events.Values);
        events.Count = count;
        return count;
    }

    /// <summary>Extracts the events of every row of row-major activations <c>X: [B, K]</c> into <paramref name="events"/>.</summary>
    /// <param name="x">Activations <c>[B, K]</c>, row-major, length <c>B · K</c>.</param>
    /// <param name="events">Destination sized for B rows of width K.</param>
    /// <param name="variant">A specific variant; null runs the selected one.</param>
    /// <returns>The total number of events.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not <c>[B, K]</c> for the batch's shape.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static int ExtractBatch(ReadOnlySpan<float> x, EventBatch events, KernelVariant<EventExtractKernel>? variant = null)
    {
        ThrowHelper.NotNull(events, nameof(events));
        int b = events.BatchSize, k = events.Width;
        ThrowHelper.Length(x.Length, (long)b * k, nameof(x), "[B, K]");
        EventExtractKernel kernel = KernelCatalog.EventExtract.Resolve(variant);
        int total = 0;
        events.Offsets[0] = 0;
        for (int r = 0; r < b; r++)
        {
            // Rows are packed back to back; the remaining buffer always holds ≥ K entries since total ≤ r·K.
            total += kernel(x.Slice(r * k, k), events.Indices.AsSpan(total), events.Values.AsSpan(total));
            events.Offsets[r + 1] = total;
        }

        return total;
    }
}
