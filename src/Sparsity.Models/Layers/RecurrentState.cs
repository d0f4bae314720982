using Sparsity.Core.Validation;

namespace Sparsity.Models.Layers;

/// <summary>
/// The state a recurrent layer carries from step to step and from window to window, per batch row, row-major
/// <c>[Batch, Hidden]</c>: the internal state <see cref="C"/> and the output <see cref="Y"/> (the event output y of an
/// EGRU, the hidden output h of an LSTM).
/// </summary>
public sealed class RecurrentState
{
    /// <summary>Creates the zero state.</summary>
    /// <param name="batch">B (≥ 0).</param>
    /// <param name="hidden">H (≥ 0).</param>
    public RecurrentState(int batch, int hidden)
    {
        ThrowHelper.NonNegative(batch, nameof(batch));
        ThrowHelper.NonNegative(hidden, nameof(hidden));
        Batch = batch;
        Hidden = hidden;
        C = new float[checked(batch * hidden)];
        Y = new float[C.Length];
    }

    /// <summary>B: rows.</summary>
    public int Batch { get; }

    /// <summary>H: units per row.</summary>
    public int Hidden { get; }

    /// <summary>Internal state <c>[B, H]</c>.</summary>
    public float[] C { get; }

    /// <summary>Output <c>[B, H]</c> of the last step.</summary>
    public float[] Y { get; }

    /// <summary>Sets both tensors to zero.</summary>
    public void Reset()
    {
        Array.Clear(C);
        Array.Clear(Y);
    }

    /// <summary>A deep copy.</summary>
    public RecurrentState Clone()
    {
        var copy = new RecurrentState(Batch, Hidden);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>Copies <paramref name="other"/>'s tensors into this state.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CopyFrom(RecurrentState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Batch != Batch || other.Hidden != Hidden)
        {
            throw new ArgumentException($"State [{other.Batch}, {other.Hidden}] does not match [{Batch}, {Hidden}].", nameof(other));
        }

        other.C.CopyTo(C, 0);
        other.Y.CopyTo(Y, 0);
    }
}
