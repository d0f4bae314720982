using Sparsity.Core.Sparse;
using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Signature of every <see cref="EventSpmvCsc"/> variant: for each event (j, x_j), scatter
/// <c>y[rowIndices[p]] += x_j · values[p]</c> over column j's stored entries, after zeroing y unless accumulating.
/// </summary>
/// <param name="columnPointers">CSC column pointers <c>[K + 1]</c>.</param>
/// <param name="rowIndices">Row of each stored entry.</param>
/// <param name="weights">Value of each stored entry.</param>
/// <param name="indices">Event positions (validated).</param>
/// <param name="values">Event values.</param>
/// <param name="y">Output <c>[M]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void EventSpmvCscKernel(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> weights, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate);

/// <summary>
/// Event-driven sparse product <c>y (=|+=) W[:, active] · x[active]</c> for unstructured <c>W: [M, K]</c> in CSC:
/// both sparsities at once (only stored weights in columns that fired are touched). Single-threaded: the scatter
/// into y has no row partition that is cheap to compute.
/// </summary>
public static class EventSpmvCsc
{
    /// <summary>Computes <c>y = Σ_events x_j · W[:, j]</c> (or adds it to y).</summary>
    /// <remarks>Equals the dense product <c>W x'</c> where x' is zero outside the events.</remarks>
    /// <param name="w">Weights <c>[M, K]</c> in CSC.</param>
    /// <param name="events">Events over <c>[0, K)</c>, strictly ascending.</param>
    /// <param name="y">Output <c>[M]</c>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.EventSpmvCsc"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(CscMatrix w, EventList events, Span<float> y, bool accumulate = false, KernelVariant<EventSpmvCscKernel>? variant = null)
    {
        ThrowHelper.NotNull(w, nameof(w));
        ThrowHelper.Length(y.Length, w.Rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(w.Values, y, nameof(y), nameof(w));
        EventList.Validate(events, w.Columns, nameof(events));
        ThrowHelper.NoOverlap<float, float>(events.Values, y, nameof(y), nameof(events));
        EventSpmvCscKernel kernel = KernelCatalog.EventSpmvCsc.Resolve(variant);
        kernel(w.ColumnPointers, w.RowIndices, w.Values, events.ActiveIndices, events.ActiveValues, y, accumulate);
    }
}
