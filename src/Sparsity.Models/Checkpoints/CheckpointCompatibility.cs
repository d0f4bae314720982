using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Checkpoints;

/// <summary>Compares a checkpoint's stored parameters with a model's, to reject a checkpoint of another configuration with a clear message.</summary>
public static class CheckpointCompatibility
{
    /// <summary>
    /// Describes the first difference between the stored parameters and the model's: a model parameter missing from
    /// the checkpoint, a shape that differs, or a stored parameter the model lacks (checked in that order, each in
    /// list order). Order of the lists does not matter.
    /// </summary>
    /// <param name="stored">The checkpoint's parameters.</param>
    /// <param name="model">The model's parameters by global name.</param>
    /// <returns>A sentence naming the first mismatch, or null when names and shapes agree.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string? FindFirstMismatch(IReadOnlyList<NamedTensor> stored, IReadOnlyList<NamedParameter> model)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(model);
        var byName = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (NamedTensor t in stored)
        {
            byName.TryAdd(t.Name, t);
        }

        var modelNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (NamedParameter entry in model)
        {
            modelNames.Add(entry.Name);
            Parameter p = entry.Parameter;
            if (!byName.TryGetValue(entry.Name, out NamedTensor? t))
            {
                return $"the model's parameter '{entry.Name}' [{p.Rows}, {p.Columns}] is not in the checkpoint.";
            }

            if (!t.HasShape(p.Rows, p.Columns))
            {
                return $"parameter '{entry.Name}' is {NamedTensor.FormatShape([.. t.Shape])} in the checkpoint but [{p.Rows}, {p.Columns}] in the model.";
            }
        }

        foreach (NamedTensor t in stored)
        {
            if (!modelNames.Contains(t.Name))
            {
                return $"the checkpoint's parameter '{t.Name}' {NamedTensor.FormatShape([.. t.Shape])} does not exist in the model.";
            }
        }

        return null;
    }

    /// <summary>Throws unless the checkpoint's parameters match the model's by name and shape.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="model">The model's parameters by global name.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="CheckpointException">They differ; the message names the first mismatch.</exception>
    public static void EnsureCompatible(Checkpoint checkpoint, IReadOnlyList<NamedParameter> model)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string? mismatch = FindFirstMismatch(checkpoint.Parameters, model);
        if (mismatch is not null)
        {
            throw new CheckpointException("The checkpoint does not fit this model: " + mismatch);
        }
    }
}
