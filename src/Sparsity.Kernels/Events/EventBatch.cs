using Sparsity.Core.Validation;

namespace Sparsity.Kernels.Events;

/// <summary>
/// The events of a batch of activations <c>X: [B, K]</c> (row-major, one sample per row): sample b's events are
/// entries <c>Offsets[b] .. Offsets[b + 1]</c> of <see cref="Indices"/>/<see cref="Values"/>, indices ascending
/// within each sample. Buffers are allocated once for the worst case <c>B · K</c>.
/// </summary>
public sealed class EventBatch
{
    /// <summary>Creates an empty batch (every sample with no events).</summary>
    /// <param name="batchSize">B (≥ 0).</param>
    /// <param name="width">K (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <c>B · K</c> (or <c>B + 1</c>) exceeds the largest array.</exception>
    public EventBatch(int batchSize, int width)
    {
        ThrowHelper.NonNegative(batchSize, nameof(batchSize));
        ThrowHelper.NonNegative(width, nameof(width));
        long total = (long)batchSize * width;
        if (total > Array.MaxLength || batchSize >= Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"An event batch of {batchSize} samples × width {width} needs {total} entries, more than one buffer can hold ({Array.MaxLength}).");
        }

        BatchSize = batchSize;
        Width = width;
        Indices = new int[(int)total];
        Values = new float[Indices.Length];
        Offsets = new int[batchSize + 1];
    }

    /// <summary>B: the number of samples.</summary>
    public int BatchSize { get; }

    /// <summary>K: the activation width.</summary>
    public int Width { get; }

    /// <summary>Event positions <c>[B · K]</c> (capacity); sample b uses <c>Offsets[b] .. Offsets[b + 1]</c>.</summary>
    public int[] Indices { get; }

    /// <summary>Event values, parallel to <see cref="Indices"/>.</summary>
    public float[] Values { get; }

    /// <summary>Per-sample start offsets <c>[B + 1]</c>, non-decreasing, <c>Offsets[0] = 0</c>.</summary>
    public int[] Offsets { get; }

    /// <summary>Total events over all samples.</summary>
    public int Count => Offsets[BatchSize];

    /// <summary>Checks offsets and, per sample, that indices are strictly ascending and in <c>[0, K)</c>.</summary>
    internal static void Validate(EventBatch events, int width, string paramName)
    {
        ThrowHelper.NotNull(events, paramName);
        if (events.Width != width)
        {
            ThrowHelper.Argument(paramName, $"Event batch width {events.Width} does not match K = {width}.");
        }

        int[] o = events.Offsets;
        if (o[0] != 0)
        {
            ThrowHelper.Argument(paramName, "Offsets[0] must be 0.");
        }

        for (int b = 0; b < events.BatchSize; b++)
        {
            if (o[b + 1] < o[b] || o[b + 1] > events.Indices.Length)
            {
                ThrowHelper.Argument(paramName, $"Offsets must be non-decreasing and ≤ {events.Indices.Length}; sample {b} is [{o[b]}, {o[b + 1]}).");
            }

            EventList.ValidateIndices(events.Indices.AsSpan(o[b], o[b + 1] - o[b]), width, paramName);
        }
    }
}
