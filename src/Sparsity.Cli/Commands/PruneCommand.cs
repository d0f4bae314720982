using System.CommandLine;
using System.Globalization;
using Sparsity.Models.Data;
using Sparsity.Models.Parameters;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// <c>sparsity prune</c>: iterative magnitude pruning of a trained checkpoint's recurrent kernels, fine-tuning after each
/// level, reporting perplexity and sparsity per level, and writing the pruned model (masks included).
/// </summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Trained model checkpoint", Required = true };
        var output = new Option<string>("--out") { Description = "Destination checkpoint of the pruned model", Required = true };
        var data = new Option<string?>("--data") { Description = "Corpus directory it was trained on (default: the embedded corpus)" };
        var levels = new Option<string>("--levels") { Description = "Sparsity levels of W and R, pruned in order", DefaultValueFactory = _ => "0.5,0.7,0.8,0.9" }.Levels(allowEmpty: false);
        var steps = new Option<int>("--finetune-steps") { Description = "Fine-tuning steps after each level (0: one-shot, no fine-tuning)", DefaultValueFactory = _ => 200 }.AtLeast(0);
        var structure = new Option<string>("--structure") { Description = "unstructured, 8x1 or 16x1", DefaultValueFactory = _ => "unstructured" };
        var global = new Option<bool>("--global") { Description = "One magnitude threshold across all kernels" };
        var lr = new Option<float>("--lr") { Description = "Fine-tuning learning rate", DefaultValueFactory = _ => 1e-3f }.FiniteAtLeast(0);
        var batch = new Option<int>("--batch") { Description = "Fine-tuning batch", DefaultValueFactory = _ => 32 }.AtLeast(1);
        var bptt = new Option<int>("--bptt") { Description = "Fine-tuning window", DefaultValueFactory = _ => 35 }.AtLeast(1);
        var evalTokens = new Option<int?>("--eval-tokens") { Description = "Positions per stream scored in validation" }.AtLeast(2);
        var seed = new Option<int>("--seed") { Description = "Seed (and embedded-corpus seed)", DefaultValueFactory = _ => 1 };
        var command = new Command("prune", "Prune a trained model by magnitude, level by level, fine-tuning in between.")
        {
            checkpoint, output, data, levels, steps, structure, global, lr, batch, bptt, evalTokens, seed,
        };
        command.SetAction(p => CliErrors.Guard(() =>
        {
            LoadedModel loaded = ModelCheckpoint.Load(p.GetValue(checkpoint)!);
            WordCorpus corpus = CorpusSource.Load(p.GetValue(data), p.GetValue(seed), Console.Out);
            CorpusSource.RequireSameVocabulary(loaded.Vocabulary, corpus, "prune");

            PruningStructure unit = PruningStructure.Parse(p.GetValue(structure)!);
            PruningScope scope = p.GetValue(global) ? PruningScope.Global : PruningScope.PerMatrix;
            Parameter[] kernels = MagnitudePruner.Kernels(loaded.Model.Parameters);
            foreach (double level in OptionRules.ParseLevels(p.GetValue(levels)!, "--levels", allowEmpty: false))
            {
                IReadOnlyList<double> achieved = MagnitudePruner.Prune(kernels, level, scope, unit);
                loaded.Model.NotifyParametersChanged();
                if (p.GetValue(steps) > 0)
                {
                    var trainer = new Trainer(loaded.Model, corpus, new TrainingOptions
                    {
                        Epochs = 1,
                        MaxSteps = p.GetValue(steps),
                        BatchSize = p.GetValue(batch),
                        BpttLength = p.GetValue(bptt),
                        LearningRate = p.GetValue(lr),
                        EvaluationTokenLimit = p.GetValue(evalTokens),
                        TestBatchSize = 10,
                        Seed = p.GetValue(seed),
                    });
                    Terminal.ProgressView.Run($"fine-tune at {level:P0}", progress => trainer.Run(progress));
                }

                EvaluationSummary valid = Evaluator.Evaluate(loaded.Model, corpus.Valid, 10, 70, p.GetValue(evalTokens));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{level:P0} ({unit}, {scope}): weight sparsity {achieved.Average():P1}, valid ppl {valid.Perplexity:F2}, activity sparsity {valid.Statistics.MeanActivitySparsity:P1}, MACs/token {valid.Statistics.EffectiveMacsPerToken:N0} ({valid.Statistics.ReductionFactor:F1}x below a dense LSTM)"));
            }

            ModelCheckpoint.Save(p.GetValue(output)!, loaded.Model, loaded.Vocabulary);
            Console.WriteLine($"Wrote {p.GetValue(output)} (masks included; `info` shows per-matrix sparsity).");
            return 0;
        }));
        return command;
    }
}
