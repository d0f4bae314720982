using Sparsity.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary><c>sparsity evaluate</c>: perplexity, activity sparsity and operation counts of a checkpoint on a split.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Model checkpoint", Required = true };
        var data = new Option<string?>("--data") { Description = "Directory with train/valid/test.txt (default: the embedded corpus)" };
        var split = new Option<string>("--split") { Description = "valid or test", DefaultValueFactory = _ => "test" };
        var batch = new Option<int>("--batch") { Description = "Streams (the recipe tests with 1)", DefaultValueFactory = _ => 1 };
        var bptt = new Option<int>("--bptt") { Description = "Window length", DefaultValueFactory = _ => 70 };
        var tokens = new Option<int?>("--tokens") { Description = "Score only this many predictions per stream (reads one token more)" };
        var dense = new Option<bool>("--dense") { Description = "Compute every product densely (same numbers, for timing comparisons)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the embedded corpus (must match training)", DefaultValueFactory = _ => 1 };
        var command = new Command("evaluate", "Evaluate a checkpoint: perplexity, activity sparsity, MACs per token.") { checkpoint, data, split, batch, bptt, tokens, dense, seed };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);
            if (NonFiniteWeights.Describe(loaded.Model) is string bad)
            {
                throw new InvalidDataException($"'{p.GetValue(checkpoint)}' holds non-finite weights (NaN or infinity; parameter: count) {bad}: it cannot be evaluated.");
            }

            WordCorpus corpus = CorpusSource.Load(p.GetValue(data), p.GetValue(seed), Console.Out);
            CorpusSource.RequireSameVocabulary(loaded.Vocabulary, corpus, "evaluate");

            int[] ids = p.GetValue(split)!.ToLowerInvariant() switch
            {
                "valid" => corpus.Valid,
                "test" => corpus.Test,
                string other => throw new ArgumentException($"--split must be valid or test, not '{other}'."),
            };
            loaded.Model.Execution = p.GetValue(dense) ? LayerExecution.Dense : LayerExecution.Sparse;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            EvaluationSummary r = Evaluator.Evaluate(loaded.Model, ids, p.GetValue(batch), p.GetValue(bptt), p.GetValue(tokens));
            double seconds = clock.Elapsed.TotalSeconds;
            if (!double.IsFinite(r.Perplexity))
            {
                throw new InvalidDataException($"'{p.GetValue(checkpoint)}' scores the {p.GetValue(split)} split with a non-finite loss (perplexity {r.Perplexity.ToString(CultureInfo.InvariantCulture)}).");
            }

            Print(r, seconds);
            return 0;
        }));
        return command;
    }

    public static void Print(EvaluationSummary r, double seconds)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        ModelStatistics s = r.Statistics;
        var table = Tables.Create("layer", "I", "H", "activity sparsity", "backward sparsity", "MACs/token", "dense MACs/token");
        foreach (LayerSummary l in s.Layers)
        {
            table.AddText(l.Index.ToString(c), l.InputSize.ToString(c), l.HiddenSize.ToString(c), l.ActivitySparsity.ToString("P1", c),
                double.IsNaN(l.BackwardSparsity) ? "-" : l.BackwardSparsity.ToString("P1", c), l.MacsPerToken.ToString("N0", c), l.DenseMacsPerToken.ToString("N0", c));
        }

        AnsiConsole.Write(table);
        Console.WriteLine(string.Create(c,
            $"perplexity {r.Perplexity:F4} over {r.Tokens:N0} tokens ({r.Tokens / seconds:N0} tokens/s); MACs/token {s.EffectiveMacsPerToken:N0} (+ decoder {s.DecoderMacsPerToken:N0}{(s.DenseProjectionMacsPerToken > 0 ? string.Create(c, $", projection {s.ProjectionMacsPerToken:N0}") : string.Empty)}); dense LSTM of this layout / these: {s.ReductionFactor:F1}x ({s.ReductionFactorWithDecoder:F1}x with decoder)"));
    }
}
