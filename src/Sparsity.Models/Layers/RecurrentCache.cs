using Sparsity.Core.Validation;

namespace Sparsity.Models.Layers;

/// <summary>
/// What a layer's sequence <c>Forward</c> saves for its <c>Backward</c>: created once by the layer for a maximum window
/// length and batch, then reused window after window so training allocates nothing per step.
/// </summary>
public abstract class RecurrentCache
{
    /// <summary>Creates a cache for windows of up to <paramref name="maxSteps"/> steps of <paramref name="batch"/> rows.</summary>
    protected RecurrentCache(int maxSteps, int batch)
    {
        ThrowHelper.NonNegative(maxSteps, nameof(maxSteps));
        ThrowHelper.NonNegative(batch, nameof(batch));
        MaxSteps = maxSteps;
        Batch = batch;
    }

    /// <summary>The longest window this cache holds.</summary>
    public int MaxSteps { get; }

    /// <summary>B: rows per step.</summary>
    public int Batch { get; }

    /// <summary>Steps recorded by the last forward (0 before any).</summary>
    public int Steps { get; protected internal set; }
}
