using Sparsity.Models.Checkpoints;
using Sparsity.Models.Data;
using Sparsity.Models.Layers;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Optimization;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Training;

/// <summary>A model (with its vocabulary) loaded from a checkpoint, plus the checkpoint itself for resuming.</summary>
/// <param name="Model">The model with the stored parameters and masks.</param>
/// <param name="Vocabulary">The vocabulary stored with it.</param>
/// <param name="Checkpoint">The raw checkpoint (optimiser state, position, buffers).</param>
public sealed record LoadedModel(LanguageModel Model, Vocabulary Vocabulary, Checkpoint Checkpoint);

/// <summary>Saves and loads language models with everything a resumed training run needs.</summary>
public static class ModelCheckpoint
{
    /// <summary>Writes <paramref name="model"/> atomically to <paramref name="path"/>.</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="model">A model built from a <see cref="LanguageModelConfig"/> (its <see cref="LanguageModel.Config"/> is stored).</param>
    /// <param name="vocabulary">The vocabulary the token ids refer to.</param>
    /// <param name="optimizer">Optimiser whose state to store, or null.</param>
    /// <param name="position">Training position, or null.</param>
    /// <param name="includeStates">Store the recurrent states the model carries (for exact mid-epoch resume).</param>
    /// <exception cref="InvalidOperationException">The model has no configuration.</exception>
    public static void Save(string path, LanguageModel model, Vocabulary vocabulary, IOptimizer? optimizer = null, ScalarRecord? position = null, bool includeStates = false) =>
        CheckpointWriter.Write(path, Capture(model, vocabulary, optimizer, position, includeStates));

    /// <summary>
    /// Takes what <see cref="Save"/> would write, in memory: copies of the parameters (and optimiser state and recurrent
    /// states), so that later training does not change it; write it with <see cref="CheckpointWriter.Write"/>.
    /// </summary>
    /// <param name="model">A model built from a <see cref="LanguageModelConfig"/>.</param>
    /// <param name="vocabulary">The vocabulary the token ids refer to.</param>
    /// <param name="optimizer">Optimiser whose state to store, or null.</param>
    /// <param name="position">Training position, or null.</param>
    /// <param name="includeStates">Store the recurrent states the model carries.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The model has no configuration.</exception>
    public static Checkpoint Capture(LanguageModel model, Vocabulary vocabulary, IOptimizer? optimizer = null, ScalarRecord? position = null, bool includeStates = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        LanguageModelConfig config = model.Config
            ?? throw new InvalidOperationException("Only models created from a LanguageModelConfig can be saved: the checkpoint must say how to rebuild them.");
        (IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, Core.Sparse.SparsityMask> masks) = ParameterSnapshot.Capture(model.Parameters);
        var buffers = new List<NamedTensor>();
        if (includeStates)
        {
            IReadOnlyList<RecurrentState> states = model.CloneState();
            for (int l = 0; l < states.Count; l++)
            {
                buffers.Add(new NamedTensor($"state.{l}.c", [states[l].Batch, states[l].Hidden], states[l].C));
                buffers.Add(new NamedTensor($"state.{l}.y", [states[l].Batch, states[l].Hidden], states[l].Y));
            }
        }

        return new Checkpoint
        {
            ModelConfiguration = config.ToJson(),
            Vocabulary = vocabulary.Words,
            Parameters = tensors,
            Masks = masks,
            Optimizer = optimizer?.ExportState(),
            Position = position ?? new ScalarRecord(),
            Buffers = buffers,
        };
    }

    /// <summary>Reads a checkpoint and rebuilds its model (parameters, masks) and vocabulary.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The model, vocabulary and checkpoint.</returns>
    /// <exception cref="CheckpointException">
    /// The file is missing, corrupt, of another version, or does not fit its own configuration (checked against the stored
    /// vocabulary and parameter shapes before the model is built, so a forged configuration allocates nothing).
    /// </exception>
    public static LoadedModel Load(string path)
    {
        Checkpoint checkpoint = CheckpointReader.Read(path);
        LanguageModelConfig config;
        try
        {
            config = LanguageModelConfig.FromJson(checkpoint.ModelConfiguration);
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or FormatException)
        {
            throw new CheckpointException($"'{path}' holds no valid language-model configuration: {e.Message}", e);
        }

        EnsureFitsConfiguration(checkpoint, config, path);
        LanguageModel model = LanguageModelFactory.Create(config);
        ParameterSnapshot.Restore(checkpoint, model.Parameters);
        model.NotifyParametersChanged();
        return new LoadedModel(model, new Vocabulary(checkpoint.Vocabulary), checkpoint);
    }

    /// <summary>
    /// Checks the configuration against what the file really holds (the vocabulary and the parameters' names and shapes,
    /// all already read and bounded by the file's size) before the model is built, so that a configuration claiming a
    /// larger model than the file stores cannot make the loader allocate it.
    /// </summary>
    private static void EnsureFitsConfiguration(Checkpoint checkpoint, LanguageModelConfig config, string path)
    {
        if (checkpoint.Vocabulary.Count != config.Vocabulary)
        {
            throw new CheckpointException($"'{path}' stores {checkpoint.Vocabulary.Count} words but its configuration claims a vocabulary of {config.Vocabulary}.");
        }

        var shapes = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (NamedTensor t in checkpoint.Parameters)
        {
            if (!shapes.TryAdd(t.Name, t.Shape))
            {
                throw new CheckpointException($"'{path}' stores parameter '{t.Name}' more than once.");
            }
        }

        if (LanguageModelLayout.FindMismatch(config, shapes) is string mismatch)
        {
            throw new CheckpointException($"'{path}' does not fit its own configuration: {mismatch}");
        }
    }

    /// <summary>Restores the recurrent states saved with <c>includeStates</c>; returns false when the checkpoint has none.</summary>
    /// <exception cref="CheckpointException">The stored states do not fit the model.</exception>
    public static bool RestoreStates(LanguageModel model, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Buffers.Count == 0)
        {
            return false;
        }

        var states = new RecurrentState[model.Layers.Count];
        for (int l = 0; l < states.Length; l++)
        {
            NamedTensor c = Find(checkpoint, $"state.{l}.c"), y = Find(checkpoint, $"state.{l}.y");
            if (c.Shape.Count != 2 || c.Shape[1] != model.Layers[l].HiddenSize || !c.Shape.SequenceEqual(y.Shape))
            {
                throw new CheckpointException($"The stored state of layer {l} is {NamedTensor.FormatShape([.. c.Shape])}, which does not fit a layer of {model.Layers[l].HiddenSize} units.");
            }

            states[l] = new RecurrentState(c.Shape[0], c.Shape[1]);
            c.Values.CopyTo(states[l].C, 0);
            y.Values.CopyTo(states[l].Y, 0);
        }

        model.RestoreState(states);
        return true;
    }

    private static NamedTensor Find(Checkpoint checkpoint, string name) =>
        checkpoint.Buffers.FirstOrDefault(b => b.Name == name) ?? throw new CheckpointException($"The checkpoint lacks the state tensor '{name}'.");
}
