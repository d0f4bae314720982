using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

/// <summary>A small corpus, model and options for trainer tests that need a real (but quick) run, in a temporary directory.</summary>
internal sealed class TrainerTestRun : IDisposable
{
    public TrainerTestRun()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sparsity-trainer-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public WordCorpus Corpus { get; } = SyntheticCorpus.Generate(seed: 3, trainSentences: 160, validSentences: 20, testSentences: 20);

    public string CheckpointPath => Path.Combine(Directory, "run.ckpt");

    public LanguageModel Model() => LanguageModelFactory.Create(new LanguageModelConfig
    {
        CellType = RecurrentCellType.Egru,
        Vocabulary = Corpus.Vocabulary.Count,
        EmbeddingSize = 8,
        HiddenSizes = [12, 8],
        Seed = 11,
    });

    public TrainingOptions Options() => new()
    {
        Epochs = 1,
        BatchSize = 3,
        BpttLength = 9,
        LearningRate = 3e-3f,
        CheckpointPath = CheckpointPath,
        CheckpointEverySteps = 0,
        EvaluationBatchSize = 2,
        EvaluationBpttLength = 9,
        EvaluationTokenLimit = 40,
        Seed = 5,
    };

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
