using System.Text.Json;
using Sparsity.Core.Interop;
using Sparsity.Models.Data;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Cli.Commands;

/// <summary>
/// What <c>import</c> checks before it builds a model: the file's configuration must parse, and it must describe exactly
/// the tensors (names and shapes) and the vocabulary the file holds. The tensors are already read, so their sizes are
/// bounded by the file's; checking the configuration against them first means a forged configuration claiming a huge
/// model fails before anything of that size is allocated.
/// </summary>
internal static class ImportChecks
{
    /// <summary>Parses the file's <c>sparsity.config</c>; any malformed or invalid text becomes an <see cref="InvalidDataException"/> naming the file.</summary>
    public static LanguageModelConfig ReadConfiguration(string json, string file)
    {
        try
        {
            return LanguageModelConfig.FromJson(json);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"'{file}' carries an invalid model configuration: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the file's <c>sparsity.vocabulary</c> (one word a line). A repeated word (or one that is empty or holds white space)
    /// becomes an <see cref="InvalidDataException"/> naming the file and the word: <see cref="Vocabulary"/> would
    /// drop a repeat silently, leaving fewer words than the model's rows.
    /// </summary>
    public static Vocabulary ReadVocabulary(string words, string file)
    {
        string[] lines = words.Split('\n');
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            if (!first.TryAdd(lines[i], i))
            {
                throw new InvalidDataException($"'{file}': vocabulary word {i + 1} ('{Sparsity.Core.Validation.ErrorText.Quote(lines[i])}') repeats word {first[lines[i]] + 1}; every word must be distinct.");
            }
        }

        try
        {
            return new Vocabulary(lines);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{file}' carries an invalid vocabulary: {e.Message}", e);
        }
    }

    /// <summary>Throws unless <paramref name="config"/> implies exactly the vocabulary size and the parameter shapes the file holds.</summary>
    public static void EnsureFits(LanguageModelConfig config, TensorMap tensors, Vocabulary vocabulary, string file)
    {
        if (vocabulary.Count != config.Vocabulary)
        {
            throw new InvalidDataException($"'{file}': the configuration claims a vocabulary of {config.Vocabulary} words, but the vocabulary has {vocabulary.Count}.");
        }

        var shapes = new Dictionary<string, IReadOnlyList<int>>(StringComparer.Ordinal);
        foreach (string name in tensors.Names)
        {
            shapes[name] = tensors[name].Shape.ToArray();
        }

        // Tensors the model does not have were always ignored by import; only missing or differently shaped ones are errors.
        if (LanguageModelLayout.FindMismatch(config, shapes, ignoreExtra: true) is string mismatch)
        {
            throw new InvalidDataException($"'{file}' does not fit its model configuration: {mismatch}");
        }
    }

    /// <summary>Reads V, E, the layer widths and the cell from the tensor shapes (3H rows: EGRU; 4H: LSTM).</summary>
    public static LanguageModelConfig Infer(TensorMap ours, string cell, string file)
    {
        if (!ours.TryGet(ModelTensorNames.Embedding, out FloatTensor? embedding) || embedding.Rank != 2)
        {
            throw new InvalidDataException($"'{file}' has no '{ModelTensorNames.Embedding}' matrix [V, E] to infer the model from.");
        }

        int gates = cell == "egru" ? 3 : 4;
        var hidden = new List<int>();
        for (int l = 0; ours.TryGet(ModelTensorNames.Layer(l, ModelTensorNames.RecurrentKernel), out FloatTensor? r); l++)
        {
            if (r.Rank != 2 || (long)r.Shape[0] != (long)gates * r.Shape[1])
            {
                throw new InvalidDataException($"'{file}': layer {l}'s recurrent kernel is {r.ShapeText}, not [{gates}H, H] as a {cell} needs.");
            }

            hidden.Add(r.Shape[1]);
        }

        return new LanguageModelConfig
        {
            CellType = cell == "egru" ? RecurrentCellType.Egru : RecurrentCellType.Lstm,
            Vocabulary = embedding.Shape[0],
            EmbeddingSize = embedding.Shape[1],
            HiddenSizes = hidden,
            Projection = ours.Contains(DecoderProjection.WeightName), // EvNN's projection=True, mapped by the import
        };
    }
}
