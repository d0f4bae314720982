using Sparsity.Models.Checkpoints;

namespace Sparsity.Models.Optimization;

/// <summary>
/// An optimiser's state as stored in a checkpoint: named tensors (e.g. <c>m.layers.0.W</c>) and scalars
/// (<see cref="AlgorithmKey"/>, <see cref="StepKey"/>, …).
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Scalar key of the algorithm name (a string such as <c>AdamW</c>).</summary>
    public const string AlgorithmKey = "algorithm";

    /// <summary>Scalar key of the step count (a long).</summary>
    public const string StepKey = "step";

    /// <summary>Creates a state.</summary>
    /// <param name="tensors">The named tensors (owned by the state from now on).</param>
    /// <param name="scalars">The scalars.</param>
    /// <exception cref="ArgumentNullException">An argument or a tensor is null.</exception>
    public OptimizerState(IReadOnlyList<NamedTensor> tensors, ScalarRecord scalars)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(scalars);
        foreach (NamedTensor t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
        }

        Tensors = tensors;
        Scalars = scalars;
    }

    /// <summary>The named tensors, in the optimiser's order.</summary>
    public IReadOnlyList<NamedTensor> Tensors { get; }

    /// <summary>The scalars.</summary>
    public ScalarRecord Scalars { get; }

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The tensor or null.</returns>
    public NamedTensor? Find(string name)
    {
        foreach (NamedTensor t in Tensors)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return null;
    }
}
