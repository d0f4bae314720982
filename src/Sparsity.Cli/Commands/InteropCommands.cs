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
    private const string ConfigKey = "sparsity.config", VocabularyKey = "sparsity.vocabulary", TorchFormatKey = "format";

    public static Command Export()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint", Required = true };
        var output = new Option<string>("--out") { Description = "Destination .safetensors file", Required = true };
        var format = new Option<string>("--format") { Description = "native (our names), torch (EvNN names: EGRU as EvNN, LSTM as torch.nn.LSTM)", DefaultValueFactory = _ => "native" };
        var names = NamesOption();
        var command = new Command("export", "Export a checkpoint's weights as safetensors.") { checkpoint, output, format, names };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);
            TensorMap ours = ParameterTensors.ToTensorMap(loaded.Model.Parameters);
            LanguageModelConfig exported = loaded.Model.Config!;
            bool torch = Format(p.GetValue(format)!) == "torch";
            TensorMap map = torch switch
            {
                false => ours,
                // EvNN keeps γ, β and the clipping norm as parameters of every layer: without them a strict load_state_dict fails.
                _ when exported.CellType == RecurrentCellType.Egru => EvnnMapping.ToEvnn(ours, EgruNames(p.GetValue(names)!), new EvnnSurrogate(exported.Egru.SurrogateGamma, exported.Egru.SurrogateBeta)),
                _ => TorchLstmMapping.ToTorch(ours, LstmNames(p.GetValue(names)!)),
            };
            if (torch)
            {
                map.Metadata[TorchFormatKey] = "pt"; // what PyTorch's safetensors helpers (safetensors.torch.save_file) write
            }

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
        var semantics = new Option<string?>("--semantics")
        {
            Description = "EGRU state across windows: evnn (internal state reset at every window, as EvNN) or native (carried); default evnn for a file without our configuration, native for one we exported",
        };
        var names = NamesOption();
        var command = new Command("import", "Import safetensors weights (ours, EvNN's or torch.nn.LSTM's) into a checkpoint.") { input, output, format, cell, data, semantics, names };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            string file = p.GetValue(input)!;
            TensorMap map = Safetensors.ReadFile(file);
            LanguageModelConfig? config = map.Metadata.TryGetValue(ConfigKey, out string? json) ? ImportChecks.ReadConfiguration(json, file) : null;
            string? cellName = p.GetValue(cell)?.ToLowerInvariant() ?? config?.CellType.ToString().ToLowerInvariant();
            if (cellName is not (null or "egru" or "lstm"))
            {
                throw new ArgumentException($"--model must be egru or lstm, not '{cellName}'.");
            }

            bool? resetPerWindow = ImportSemantics.ParseResetPerWindow(p.GetValue(semantics));
            bool fileHasConfiguration = config is not null, torch = Format(p.GetValue(format)!) == "torch";
            TensorMap ours = torch switch
            {
                false => map,
                _ when cellName == "egru" => EvnnMapping.FromEvnn(map, EgruNames(p.GetValue(names)!)),
                _ when cellName == "lstm" => TorchLstmMapping.FromTorch(map, LstmNames(p.GetValue(names)!)),
                _ => throw new ArgumentException("--format torch needs --model egru|lstm when the file carries no configuration."),
            };
            Vocabulary vocabulary = map.Metadata.TryGetValue(VocabularyKey, out string? words)
                ? ImportChecks.ReadVocabulary(words, file)
                : WordCorpus.Load(p.GetValue(data) ?? throw new ArgumentException("The file carries no vocabulary: pass --data with the corpus it was trained on.")).Vocabulary;
            config ??= ImportChecks.Infer(ours, cellName ?? throw new ArgumentException("The file carries no configuration: pass --model egru|lstm."), file);
            ImportSemantics.EnsureNoExtraLayers(config, ours, file);
            config = ImportSemantics.Apply(config, map, ours, torch, fileHasConfiguration, resetPerWindow, file, Console.Out);
            ImportChecks.EnsureFits(config, ours, vocabulary, file);
            LanguageModel model = LanguageModelFactory.Create(config);
            ParameterTensors.CopyInto(ours, model.Parameters);
            model.NotifyParametersChanged();
            ModelCheckpoint.Save(p.GetValue(output)!, model, vocabulary);
            Console.WriteLine($"Imported {config.CellType} {string.Join('/', config.HiddenSizes)} (V = {config.Vocabulary}, E = {config.EmbeddingSize}) into {p.GetValue(output)}.");
            return 0;
        }));
        return command;
    }

    /// <summary><c>--names</c>: which PyTorch model's tensor names <c>--format torch</c> uses (docs/interop.md §3–4).</summary>
    private static Option<string> NamesOption() => new("--names")
    {
        Description = "With --format torch: evnn (EvNN's LanguageModel: rnns.{l}.*, embeddings.weight, decoder.decoder.*) or word-language-model (LSTM only: PyTorch's examples/word_language_model, encoder.weight, rnn.weight_ih_l{l}, decoder.*)",
        DefaultValueFactory = _ => "evnn",
    };

    private static EvnnNaming EgruNames(string text) => text.ToLowerInvariant() switch
    {
        "evnn" => EvnnNaming.LanguageModel,
        "word-language-model" => throw new ArgumentException("--names word-language-model is for LSTMs: an EGRU uses EvNN's names (--names evnn)."),
        _ => throw new ArgumentException($"--names must be evnn or word-language-model, not '{text}'."),
    };

    private static TorchLstmNaming LstmNames(string text) => text.ToLowerInvariant() switch
    {
        "evnn" => TorchLstmNaming.EvnnLanguageModel,
        "word-language-model" => TorchLstmNaming.WordLanguageModel,
        _ => throw new ArgumentException($"--names must be evnn or word-language-model, not '{text}'."),
    };

    private static string Format(string text) => text.ToLowerInvariant() switch
    {
        "native" => "native",
        "torch" or "evnn" or "pytorch" => "torch",
        _ => throw new ArgumentException($"--format must be native or torch, not '{text}'."),
    };
}
