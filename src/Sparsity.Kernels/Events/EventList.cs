using Sparsity.Core.Validation;

namespace Sparsity.Kernels.Events;

/// <summary>
/// The events of one activation vector: the positions that fired (strictly ascending) and their values, in
/// caller-owned buffers of capacity equal to the vector width, so extraction never allocates.
/// </summary>
/// <remarks>Only the first <see cref="Count"/> entries of <see cref="Indices"/> and <see cref="Values"/> are meaningful.</remarks>
public sealed class EventList
{
    private int _count;

    /// <summary>Creates an empty list with fresh buffers of <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The width of the activation vectors it will hold (≥ 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public EventList(int capacity)
    {
        ThrowHelper.NonNegative(capacity, nameof(capacity));
        Indices = new int[capacity];
        Values = new float[capacity];
    }

    /// <summary>Creates a list over caller-owned buffers of equal length (the capacity).</summary>
    /// <param name="indices">Index buffer <c>[capacity]</c>.</param>
    /// <param name="values">Value buffer <c>[capacity]</c>.</param>
    /// <param name="count">Entries already valid (0 ≤ count ≤ capacity).</param>
    /// <exception cref="ArgumentNullException">A buffer is null.</exception>
    /// <exception cref="ArgumentException">The buffers differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside [0, capacity].</exception>
    public EventList(int[] indices, float[] values, int count = 0)
    {
        ThrowHelper.NotNull(indices, nameof(indices));
        ThrowHelper.NotNull(values, nameof(values));
        ThrowHelper.Length(values.Length, indices.Length, nameof(values), "[capacity]");
        Indices = indices;
        Values = values;
        Count = count;
    }

    /// <summary>Positions that fired, strictly ascending in <c>[0, Count)</c>; buffer length is <see cref="Capacity"/>.</summary>
    public int[] Indices { get; }

    /// <summary>The activation value at each position in <see cref="Indices"/>.</summary>
    public float[] Values { get; }

    /// <summary>The buffer length: the widest vector this list can describe.</summary>
    public int Capacity => Indices.Length;

    /// <summary>The number of events.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, <see cref="Capacity"/>].</exception>
    public int Count
    {
        get => _count;
        set
        {
            if ((uint)value > (uint)Capacity)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Count must be in [0, {Capacity}].");
            }

            _count = value;
        }
    }

    /// <summary>The valid indices.</summary>
    public ReadOnlySpan<int> ActiveIndices => Indices.AsSpan(0, _count);

    /// <summary>The valid values.</summary>
    public ReadOnlySpan<float> ActiveValues => Values.AsSpan(0, _count);

    /// <summary>Checks that the events are strictly ascending and within <c>[0, width)</c>.</summary>
    /// <param name="events">The list (not null).</param>
    /// <param name="width">The input width K.</param>
    /// <param name="paramName">Name reported in the exception.</param>
    internal static void Validate(EventList events, int width, string paramName)
    {
        ThrowHelper.NotNull(events, paramName);
        ValidateIndices(events.ActiveIndices, width, paramName);
    }

    /// <summary>Checks that <paramref name="indices"/> are strictly ascending (so no duplicates) and in <c>[0, width)</c>.</summary>
    internal static void ValidateIndices(ReadOnlySpan<int> indices, int width, string paramName)
    {
        int previous = -1;
        foreach (int j in indices)
        {
            if (j <= previous || j >= width)
            {
                ThrowHelper.Argument(paramName, $"Event indices must be strictly ascending and in [0, {width}); found {j} after {previous}.");
            }

            previous = j;
        }
    }
}
