using Sparsity.Core.Validation;
using Sparsity.Kernels.Dispatch;
using Sparsity.Kernels.Packing;

namespace Sparsity.Kernels.Events;

/// <summary>
/// Signature of every <see cref="EventSpmvBlock"/> variant: for each event (j, x_j) and each stored block p of
/// column j, <c>y[r·h .. r·h + h) += x_j · block p</c> (rows ≥ <c>y.Length</c> skipped), after zeroing y unless accumulating.
/// </summary>
/// <param name="columnPointers">Per-column block pointers <c>[K + 1]</c>.</param>
/// <param name="blockRowIndices">Block row r of each block.</param>
/// <param name="blockValues">h values per block.</param>
/// <param name="height">h: 8 or 16.</param>
/// <param name="indices">Event positions (validated).</param>
/// <param name="values">Event values.</param>
/// <param name="y">Output <c>[M]</c>.</param>
/// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
public delegate void EventSpmvBlockKernel(ReadOnlySpan<int> columnPointers, ReadOnlySpan<int> blockRowIndices, ReadOnlySpan<float> blockValues, int height, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, Span<float> y, bool accumulate);

/// <summary>
/// Event-driven product with vertically blocked weights (<see cref="BlockColumnPack"/>): both sparsities, one
/// vector multiply-add per stored block of each fired column, no gather or scatter (performance.md §2.3).
/// </summary>
public static class EventSpmvBlock
{
    /// <summary>Computes <c>y = Σ_events x_j · W[:, j]</c> (or adds it to y).</summary>
    /// <remarks>Equals the dense product <c>W x'</c> where x' is zero outside the events.</remarks>
    /// <param name="w">Packed weights <c>[M, K]</c>.</param>
    /// <param name="events">Events over <c>[0, K)</c>, strictly ascending.</param>
    /// <param name="y">Output <c>[M]</c>.</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <param name="variant">A specific variant from <see cref="KernelCatalog.EventSpmvBlock"/>; null runs the selected one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A length does not match, or the events are unsorted, duplicated or out of range, or <paramref name="y"/> overlaps the weights or the events' value buffer.</exception>
    /// <exception cref="PlatformNotSupportedException"><paramref name="variant"/> cannot run on this machine.</exception>
    public static void Multiply(BlockColumnPack w, EventList events, Span<float> y, bool accumulate = false, KernelVariant<EventSpmvBlockKernel>? variant = null)
    {
        ThrowHelper.NotNull(w, nameof(w));
        ThrowHelper.Length(y.Length, w.Rows, nameof(y), "[M]");
        ThrowHelper.NoOverlap<float, float>(w.Values, y, nameof(y), nameof(w));
        EventList.Validate(events, w.Columns, nameof(events));
        ThrowHelper.NoOverlap<float, float>(events.Values, y, nameof(y), nameof(events));
        EventSpmvBlockKernel kernel = KernelCatalog.EventSpmvBlock.Resolve(variant);
        kernel(w.ColumnPointers, w.BlockRowIndices, w.Values, w.BlockHeight, events.ActiveIndices, events.ActiveValues, y, accumulate);
    }
}
