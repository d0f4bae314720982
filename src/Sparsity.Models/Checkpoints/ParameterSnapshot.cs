using Sparsity.Models.Parameters;
using Sparsity.Core.Sparse;
using Sparsity.Models.Optimization;

namespace Sparsity.Models.Checkpoints;

/// <summary>Copies a model's parameters and masks into checkpoint form and back.</summary>
public static class ParameterSnapshot
{
    /// <summary>Copies the values (as <c>[Rows, Columns]</c>) and masks of the parameters.</summary>
    /// <param name="parameters">The model's parameters by global name.</param>
    /// <returns>Tensors and masks for <see cref="Checkpoint.Parameters"/> and <see cref="Checkpoint.Masks"/>; later training does not change them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, SparsityMask> Masks) Capture(
        IReadOnlyList<NamedParameter> parameters)
    {
        NamedParameter.Validate(parameters, nameof(parameters));
        var tensors = new NamedTensor[parameters.Count];
        var masks = new Dictionary<string, SparsityMask>(StringComparer.Ordinal);
        for (int i = 0; i < parameters.Count; i++)
        {
            (string name, Parameters.Parameter p) = parameters[i];
            tensors[i] = new NamedTensor(name, [p.Rows, p.Columns], (float[])p.Value.Clone());
            if (p.Mask is not null)
            {
                masks[name] = p.Mask; // immutable: sharing is safe
            }
        }

        return (tensors, masks);
    }

    /// <summary>
    /// Checks that the checkpoint fits the model, then copies every stored value into its parameter and sets its mask
    /// (or removes it, for a parameter stored dense). Gradients of masked parameters lose their pruned entries.
    /// </summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="parameters">The model's parameters by global name.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="CheckpointException">Names or shapes differ; nothing is changed then.</exception>
    public static void Restore(Checkpoint checkpoint, IReadOnlyList<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        CheckpointCompatibility.EnsureCompatible(checkpoint, parameters);
        foreach ((string name, Parameters.Parameter p) in parameters)
        {
            NamedTensor stored = checkpoint.FindParameter(name)!;
            stored.Values.CopyTo(p.Value, 0);
            p.Mask = checkpoint.Masks.TryGetValue(name, out SparsityMask? mask) ? mask : null;
        }
    }
}
