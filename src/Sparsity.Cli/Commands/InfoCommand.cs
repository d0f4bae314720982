using Sparsity.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity info</c>: a checkpoint's configuration, parameters, per-matrix sparsity and training position.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint", Required = true };
        var command = new Command("info", "Show a checkpoint's configuration, parameters, sparsity and training position.") { checkpoint };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);
            CultureInfo c = CultureInfo.InvariantCulture;
            Console.WriteLine($"Configuration: {loaded.Checkpoint.ModelConfiguration}");
            Console.WriteLine($"Vocabulary: {loaded.Vocabulary.Count:N0} words");
            Console.WriteLine(DecoderLine(loaded.Model));
            var table = Tables.Create("parameter", "shape", "kind", "stored", "sparsity");
            foreach (var np in loaded.Model.Parameters)
            {
                var q = np.Parameter;
                int kept = q.Mask?.KeptCount ?? q.Length;
                table.AddText(np.Name, $"[{q.Rows}, {q.Columns}]", q.Kind.ToString(), kept.ToString("N0", c), (1 - ((double)kept / Math.Max(1, q.Length))).ToString("P1", c));
            }

            AnsiConsole.Write(table);
            if (NonFiniteWeights.Describe(loaded.Model) is string bad)
            {
                Console.WriteLine($"Warning: non-finite weights (NaN or infinity; parameter: count) {bad}: the model cannot score text (evaluate refuses it).");
            }

            Console.WriteLine("Position: " + string.Join(", ", loaded.Checkpoint.Position.Entries.Where(e => e.Key is not ("history" or "probes")).Select(e => $"{e.Key} = {e.Value}")));
            if (Trainer.LastHealth(loaded.Checkpoint) is (string when, IReadOnlyList<LayerHealth> health) && LayerHealth.Format(health) is { Length: > 0 } text)
            {
                Console.WriteLine($"Layer health ({when}): {text}");
                if (LayerHealth.Warning(health) is string warning)
                {
                    Console.WriteLine(warning);
                }
            }

            Console.WriteLine($"Optimiser state: {(loaded.Checkpoint.Optimizer is null ? "none" : "stored")}; recurrent states: {(loaded.Checkpoint.Buffers.Count == 0 ? "none" : "stored")}");
            return 0;
        }));
        return command;
    }

    /// <summary>What feeds the tied decoder: the last layer directly, or a projection (which <c>train --projection</c> adds).</summary>
    internal static string DecoderLine(LanguageModel model)
    {
        int v = model.Vocabulary, e = model.EmbeddingSize;
        return model.Projection is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"Decoder: projection [{p.OutputSize}, {p.InputSize}] + bias from the last layer (width {p.InputSize}) to E = {e}, then the tied embedding [{v}, {e}]")
            : string.Create(CultureInfo.InvariantCulture, $"Decoder: the tied embedding [{v}, {e}], fed by the last layer directly (no projection)");
    }
}
