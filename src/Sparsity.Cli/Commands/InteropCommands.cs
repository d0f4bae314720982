using System.CommandLine;
using Sparsity.Core.Interop;
using Sparsity.Models.Data;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// <c>sparsity export</c> / <c>import</c>: model weights as safetensors, in our names or in the PyTorch ecosystem's
/// (EvNN's EGRU language model, <c>torch.nn.LSTM</c>), see docs/interop.md. The configuration and vocabulary travel in
/// the file's metadata so that an exported model imports without further arguments.
/// </summary>
internal static class InteropCommands
{
    private const string ConfigKey = "sparsity.config", VocabularyKey = "sparsity.vocabulary";

    public static Command Export()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint", Required = true };
        var output = new Option<string>("--out") { Description = "Destination .safetensors file", Required = true };
        var format = new Option<string>("--format") { Description = "native (our names), torch (EvNN names: EGRU as EvNN, LSTM as torch.nn.LSTM)", DefaultValueFactory = _ => "native" };
        var command = new Command("export", "Export a checkpoint's weights as safetensors.") { checkpoint, output, format };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);
            TensorMap ours = ParameterTensors.ToTensorMap(loaded.Model.Parameters);
            TensorMap map = Format(p.GetValue(format)!) switch
            {
                "native" => ours,
                _ when loaded.Model.Config!.CellType == RecurrentCellType.Egru => EvnnMapping.ToEvnn(ours),
                _ => TorchLstmMapping.ToTorch(ours),
            };
            map.Metadata[ConfigKey] = loaded.Checkpoint.ModelConfiguration;
            map.Metadata[VocabularyKey] = string.Join('\n', loaded.Vocabulary.Words);
            Safetensors.WriteFile(p.GetValue(output)!, map);
            Console.WriteLine($"Wrote {map.Count} tensors to {p.GetValue(output)} ({new FileInfo(p.GetValue(output)!).Length:N0} bytes). Pruning masks travel as zeros.");
            return 0;
        }));
        return command;
    }

    public static Command Import()
    {
        var input = new Option<string>("--safetensors") { Description = "Source .safetensors file", Required = true };
        var output = new Option<string>("--out") { Description = "Destination checkpoint", Required = true };
        var format = new Option<string>("--format") { Description = "native or torch (EvNN/torch.nn.LSTM names)", DefaultValueFactory = _ => "native" };
        var cell = new Option<string?>("--model") { Description = "egru or lstm, when the file carries no configuration" };
        var data = new Option<string?>("--data") { Description = "Corpus directory whose vocabulary the model uses, when the file carries none" };
        var command = new Command("import", "Import safetensors weights (ours, EvNN's or torch.nn.LSTM's) into a checkpoint.") { input, output, format, cell, data };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            TensorMap map = Safetensors.ReadFile(p.GetValue(input)!);
            map.Metadata.TryGetValue(ConfigKey, out string? json);
            LanguageModelConfig? config = json is null ? null : LanguageModelConfig.FromJson(json);
            string? cellName = p.GetValue(cell)?.ToLowerInvariant() ?? config?.CellType.ToString().ToLowerInvariant();
            TensorMap ours = Format(p.GetValue(format)!) switch
            {
                "native" => map,
                _ when cellName == "egru" => EvnnMapping.FromEvnn(map),
                _ when cellName == "lstm" => TorchLstmMapping.FromTorch(map),
                _ => throw new ArgumentException("--format torch needs --model egru|lstm when the file carries no configuration."),
            };
            Vocabulary vocabulary = map.Metadata.TryGetValue(VocabularyKey, out string? words)
                ? new Vocabulary(words.Split('\n'))
                : WordCorpus.Load(p.GetValue(data) ?? throw new ArgumentException("The file carries no vocabulary: pass --data with the corpus it was trained on.")).Vocabulary;
            config ??= Infer(ours, cellName ?? throw new ArgumentException("The file carries no configuration: pass --model egru|lstm."));
            LanguageModel model = LanguageModelFactory.Create(config);
            ParameterTensors.CopyInto(ours, model.Parameters);
            model.NotifyParametersChanged();
            ModelCheckpoint.Save(p.GetValue(output)!, model, vocabulary);
            Console.WriteLine($"Imported {config.CellType} {string.Join('/', config.HiddenSizes)} (V = {config.Vocabulary}, E = {config.EmbeddingSize}) into {p.GetValue(output)}.");
            return 0;
        }));
        return command;
    }

    private static string Format(string text) => text.ToLowerInvariant() switch
    {
        "native" => "native",
        "torch" or "evnn" or "pytorch" => "torch",
        _ => throw new ArgumentException($"--format must be native or torch, not '{text}'."),
    };

    /// <summary>Reads V, E, the layer widths and the cell from the tensor shapes (3H rows: EGRU; 4H: LSTM).</summary>
    private static LanguageModelConfig Infer(TensorMap ours, string cell)
    {
        FloatTensor embedding = ours[ModelTensorNames.Embedding];
        int gates = cell == "egru" ? 3 : 4;
        var hidden = new List<int>();
        for (int l = 0; ours.TryGet(ModelTensorNames.Layer(l, ModelTensorNames.RecurrentKernel), out FloatTensor? r); l++)
        {
            hidden.Add(r.Shape[1]);
            if (r.Shape[0] != gates * r.Shape[1])
            {
                throw new InvalidDataException($"Layer {l}'s recurrent kernel is {r.ShapeText}, not [{gates}H, H] as a {cell} needs.");
            }
        }

        return new LanguageModelConfig
        {
            CellType = cell == "egru" ? RecurrentCellType.Egru : RecurrentCellType.Lstm,
            Vocabulary = embedding.Shape[0],
            EmbeddingSize = embedding.Shape[1],
            HiddenSizes = hidden,
        };
    }
}
