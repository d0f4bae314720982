using Sparsity.Core.Sparse;
using Sparsity.Models.Optimization;

namespace Sparsity.Models.Checkpoints;

/// <summary>
/// Everything needed to resume training exactly or to load a model: configuration, vocabulary, parameters with their
/// pruning masks, optimiser state, random-number state and training position. Written by
/// <see cref="CheckpointWriter"/>, read by <see cref="CheckpointReader"/>; arrays are shared, not copied.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>The model configuration as JSON, opaque to the checkpoint format (supplied and parsed by the caller).</summary>
    public required string ModelConfiguration { get; init; }

    /// <summary>The vocabulary, index → word.</summary>
    public IReadOnlyList<string> Vocabulary { get; init; } = [];

    /// <summary>The parameters by global name, stored as <c>[Rows, Columns]</c>.</summary>
    public required IReadOnlyList<NamedTensor> Parameters { get; init; }

    /// <summary>Pruning masks by parameter name; a parameter without an entry is dense.</summary>
    public IReadOnlyDictionary<string, SparsityMask> Masks { get; init; } = new Dictionary<string, SparsityMask>();

    /// <summary>The optimiser state, or null when none is stored (e.g. an inference-only export).</summary>
    public OptimizerState? Optimizer { get; init; }

    /// <summary>The random-number generator state (e.g. <see cref="Randomness.DeterministicRandom.GetState()"/>); may be empty.</summary>
    public IReadOnlyList<ulong> RandomState { get; init; } = [];

    /// <summary>The training position: epoch, step, window index, tokens seen, best validation loss, … (keys chosen by the trainer).</summary>
    public ScalarRecord Position { get; init; } = new();

    /// <summary>
    /// Tensors that are not parameters but are needed to resume exactly, e.g. the recurrent states carried across
    /// windows (<c>state.{l}.c</c>, <c>state.{l}.y</c>); empty when none.
    /// </summary>
    public IReadOnlyList<NamedTensor> Buffers { get; init; } = [];

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The global name.</param>
    /// <returns>The tensor or null.</returns>
    public NamedTensor? FindParameter(string name)
    {
        foreach (NamedTensor t in Parameters)
        {
            if (string.Equals(t.Name, name, StringComparison.Ordinal))
            {
                return t;
            }
        }

        return null;
    }
}
