namespace Sparsity.Models.Layers;

/// <summary>
/// How a layer computes its products. The choice never changes the model: every mode gives the same outputs and
/// gradients to float rounding (a test proves it); it changes only which kernels run and how fast.
/// </summary>
public enum LayerExecution
{
    /// <summary>
    /// Exploit every sparsity available: event-driven products over the units that fired, the combined event ×
    /// weight-sparse kernel where a kernel carries a pruning mask, sparse outer products in backward.
    /// </summary>
    Sparse,

    /// <summary>Every product dense (the baseline the speed-ups are measured against).</summary>
    Dense,
}
