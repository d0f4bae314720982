using Sparsity.Cli.Terminal;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Training;

namespace Sparsity.Cli.Commands;

/// <summary>
/// The README's main job: on the embedded synthetic corpus, trains a small EGRU and an LSTM of the same layout for about
/// the same time each and prints their perplexity, activity sparsity and multiply-accumulates per token side by side.
/// </summary>
internal static class DemoCommand
{
    public static int Run(double minutes)
    {
        if (!(minutes > 0))
        {
            throw new ArgumentException("--minutes must be positive.");
        }

        WordCorpus corpus = CorpusSource.Load(null, seed: 1, Console.Out);
        var runs = new List<RunSummary>();
        foreach (RecurrentCellType cell in new[] { RecurrentCellType.Egru, RecurrentCellType.Lstm })
        {
            var config = new LanguageModelConfig
            {
                CellType = cell,
                Vocabulary = corpus.Vocabulary.Count,
                EmbeddingSize = 64,
                HiddenSizes = [128, 64],
                Dropout = new DropoutRates { Input = 0.1f, Hidden = 0.1f, Output = 0.1f },
                Seed = 1,
            };
            var options = new TrainingOptions
            {
                Epochs = 100, // the time budget ends the run; the cosine tail is skipped in a demo this short
                BatchSize = 32,
                BpttLength = 35,
                LearningRate = 3e-3f,
                WeightDecay = 0.1f,
                CosineFraction = 0,
                TimeBudget = TimeSpan.FromMinutes(minutes),
                EvaluationBatchSize = 10,
                TestBatchSize = 10,
                EvaluationBpttLength = 35,
                Seed = 1,
            };
            LanguageModel model = LanguageModelFactory.Create(config);
            var trainer = new Trainer(model, corpus, options) { Log = Console.WriteLine };
            string name = $"{cell} {string.Join('/', config.HiddenSizes)}";
            Console.WriteLine($"Training {name} (E = {config.EmbeddingSize}) for {minutes:G3} min…");
            TrainingResult result = ProgressView.Run(name, progress => trainer.Run(progress));
            runs.Add(RunSummary.Of(name, model, result));
        }

        RunSummary.Print(runs);
        Console.WriteLine("MACs/token count the products actually performed (nonzero weight × nonzero input, egru.md §6) on the test split; 'vs dense LSTM' = dense LSTM MACs of the same layout / these.");
        return 0;
    }
}
