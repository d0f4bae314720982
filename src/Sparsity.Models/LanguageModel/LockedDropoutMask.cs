using System.Numerics.Tensors;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// A variational ("locked") dropout mask <c>[B, K]</c>: drawn once per window and applied to every step, so each batch
/// row loses the same units for the whole window (AWD-LSTM's LockedDropout; egru.md §7 notes the reference code
/// re-draws it every step). Entries are 0 (dropped) or 1/(1−p) (kept, rescaled).
/// </summary>
internal sealed class LockedDropoutMask
{
    public LockedDropoutMask(int batch, int width)
    {
        Batch = batch;
        Width = width;
        Values = new float[checked(batch * width)];
    }

    public int Batch { get; }

    public int Width { get; }

    /// <summary>The mask <c>[B, K]</c>; meaningful only while <see cref="IsActive"/>.</summary>
    public float[] Values { get; }

    /// <summary>Whether the mask applies (a positive rate was drawn for this window).</summary>
    public bool IsActive { get; private set; }

    /// <summary>Draws a new mask with drop probability <paramref name="p"/>; p = 0 (or no random) deactivates it.</summary>
    public void Draw(Random? random, float p)
    {
        IsActive = random is not null && p > 0f;
        if (!IsActive)
        {
            return;
        }

        float keep = 1f / (1f - p);
        for (int i = 0; i < Values.Length; i++)
        {
            Values[i] = random!.NextDouble() < p ? 0f : keep;
        }
    }

    /// <summary>Deactivates the mask (evaluation).</summary>
    public void Clear() => IsActive = false;

    /// <summary>
    /// <c>destination[t, b, k] = source[t, b, k] · mask[b, k]</c> for <paramref name="steps"/> steps (a plain copy when
    /// inactive). The same call back-propagates: the gradient of the input is the output gradient times the mask.
    /// <paramref name="destination"/> may be <paramref name="source"/>.
    /// </summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, int steps)
    {
        int block = Values.Length;
        if (!IsActive)
        {
            source[..(steps * block)].CopyTo(destination);
            return;
        }

        for (int t = 0; t < steps; t++)
        {
            TensorPrimitives.Multiply(source.Slice(t * block, block), Values, destination.Slice(t * block, block));
        }
    }

    /// <summary>Multiplies <paramref name="values"/> <c>[T, B, K]</c> by the mask in place; no-op when inactive.</summary>
    public void ApplyIfActive(Span<float> values, int steps)
    {
        if (IsActive)
        {
            Apply(values, values, steps);
        }
    }
}
