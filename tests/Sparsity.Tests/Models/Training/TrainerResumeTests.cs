using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Layers;
using Sparsity.Models.Pruning;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

[TestFixture]
public sealed class TrainerResumeTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sparsity-trainer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static WordCorpus Corpus() => SyntheticCorpus.Generate(seed: 3, trainSentences: 160, validSentences: 20, testSentences: 20);

    private static LanguageModelConfig Config(WordCorpus corpus, RecurrentCellType cell) => new()
    {
        CellType = cell,
        Vocabulary = corpus.Vocabulary.Count,
        EmbeddingSize = 12,
        HiddenSizes = [20, 12],
        Dropout = new DropoutRates { Embedding = 0.05f, Input = 0.1f, Hidden = 0.1f, Output = 0.1f, RecurrentDropConnect = 0.2f },
        Egru = new EgruOptions { ThresholdMean = 0.05f },
        Seed = 11,
    };

    private TrainingOptions Options(string name) => new()
    {
        Epochs = 2,
        BatchSize = 3,
        BpttLength = 9,
        LearningRate = 3e-3f,
        CosineFraction = 0.5,
        CheckpointPath = Path.Combine(_directory, name + ".ckpt"),
        CheckpointEverySteps = 0,
        EvaluationBatchSize = 2,
        EvaluationBpttLength = 9,
        EvaluationTokenLimit = 40,
        ProbeEverySteps = 4,
        ProbeTokens = 30,
        Seed = 5,
        Pruning = new IterativeSchedule([0.3, 0.5], stepsPerLevel: 7, start: 4),
    };

    [TestCase(RecurrentCellType.Egru)]
    [TestCase(RecurrentCellType.Lstm)]
    public void Interrupted_and_resumed_run_ends_bit_identical_to_an_uninterrupted_one(RecurrentCellType cell)
    {
        WordCorpus corpus = Corpus();

        LanguageModel straight = LanguageModelFactory.Create(Config(corpus, cell));
        var a = new Trainer(straight, corpus, Options("a"));
        TrainingResult ra = a.Run();
        Assert.That(ra.Completed, Is.True);
        Assert.That(a.TotalSteps, Is.GreaterThan(10), "the run must be long enough to interrupt mid-epoch");

        // Interrupt mid-epoch (after the first pruning), then resume into brand-new objects from the checkpoint alone.
        long interruptAt = (a.TotalSteps / 2) - 1;
        LanguageModel first = LanguageModelFactory.Create(Config(corpus, cell));
        var b = new Trainer(first, corpus, Options("b")) { InterruptAfterStep = interruptAt };
        TrainingResult rb = b.Run();
        Assert.That(rb.Completed, Is.False);
        Assert.That(rb.Steps, Is.EqualTo(interruptAt));

        LoadedModel loaded = ModelCheckpoint.Load(Path.Combine(_directory, "b.ckpt"));
        var c = new Trainer(loaded.Model, corpus, Options("b"));
        c.Resume(loaded.Checkpoint);
        TrainingResult rc = c.Run();

        Assert.That(rc.Completed, Is.True);
        Assert.That(rc.Steps, Is.EqualTo(ra.Steps));
        for (int i = 0; i < straight.Parameters.Count; i++)
        {
            float[] expected = straight.Parameters[i].Parameter.Value, actual = loaded.Model.Parameters[i].Parameter.Value;
            Assert.That(actual.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)),
                $"parameter {straight.Parameters[i].Name}");
            Assert.That(loaded.Model.Parameters[i].Parameter.Mask?.KeptCount, Is.EqualTo(straight.Parameters[i].Parameter.Mask?.KeptCount));
        }

        Assert.That(rc.Curve.Select(p => (p.Step, p.ValidLoss)), Is.EqualTo(ra.Curve.Select(p => (p.Step, p.ValidLoss))));
        // The interrupted epoch's train loss covers its windows before the interruption too (issue 16 item 7).
        Assert.That(rc.Curve.Select(p => BitConverter.DoubleToInt64Bits(p.TrainLoss)), Is.EqualTo(ra.Curve.Select(p => BitConverter.DoubleToInt64Bits(p.TrainLoss))),
            $"train losses {string.Join(", ", rc.Curve.Select(p => p.TrainLoss))} vs {string.Join(", ", ra.Curve.Select(p => p.TrainLoss))}");
        Assert.That(rc.Curve.Select(p => p.Health), Is.EqualTo(ra.Curve.Select(p => p.Health)).Using<IReadOnlyList<LayerHealth>>((x, y) => x.SequenceEqual(y)),
            "per-layer health survives the checkpoint");
        Assert.That(rc.Test!.Loss, Is.EqualTo(ra.Test!.Loss));

        // Health probes: on schedule, one per layer each, and the ones before the interruption come back from the checkpoint.
        Assert.That(ra.Probes.Select(p => p.Step), Is.EqualTo(Enumerable.Range(1, (int)(ra.Steps / 4)).Select(k => 4L * k)));
        Assert.That(ra.Probes.All(p => p.Layers.Count == 2 && p.Tokens > 0), Is.True);
        Assert.That(rc.Probes.Select(p => (p.Step, p.ValidLoss, p.Layers.Count)), Is.EqualTo(ra.Probes.Select(p => (p.Step, p.ValidLoss, p.Layers.Count))));
        Assert.That(rc.Probes.Select(p => p.Layers[0]), Is.EqualTo(ra.Probes.Select(p => p.Layers[0])));
        bool egru = cell == RecurrentCellType.Egru;
        Assert.That(ra.Probes.All(p => p.Layers.All(l => double.IsNaN(l.SilentUnits) != egru && l.Activity > 0)), Is.True,
            "an EGRU reports silent units, an LSTM does not");
        Assert.That(Trainer.LastHealth(loaded.Checkpoint), Is.Not.Null);
    }

    [Test]
    public void Training_lowers_the_validation_loss_and_keeps_masks()
    {
        WordCorpus corpus = Corpus();
        LanguageModel model = LanguageModelFactory.Create(Config(corpus, RecurrentCellType.Egru));
        double before = Evaluator.Evaluate(model, corpus.Valid, 2, 9, 40).Loss;
        TrainingResult r = new Trainer(model, corpus, Options("c") with { Epochs = 3 }).Run();
        Assert.That(r.Curve[^1].ValidLoss, Is.LessThan(before));
        Assert.That(model.GetParameter("layers.0.R").Mask!.Sparsity, Is.EqualTo(0.5).Within(0.01));
        Assert.That(File.Exists(Trainer.BestPath(Path.Combine(_directory, "c.ckpt"))), Is.True);
    }

    [Test]
    public void A_non_finite_loss_stops_with_the_step_and_keeps_the_last_checkpoint()
    {
        WordCorpus corpus = Corpus();
        LanguageModel model = LanguageModelFactory.Create(Config(corpus, RecurrentCellType.Lstm));
        TrainingOptions options = Options("d") with { Pruning = null, CheckpointEverySteps = 2 };
        var trainer = new Trainer(model, corpus, options) { InterruptAfterStep = 4 };
        trainer.Run();
        byte[] good = File.ReadAllBytes(options.CheckpointPath!);

        LoadedModel loaded = ModelCheckpoint.Load(options.CheckpointPath!);
        loaded.Model.GetParameter("decoder.bias").Value[3] = float.NaN;
        var resumed = new Trainer(loaded.Model, corpus, options);
        resumed.Resume(loaded.Checkpoint);
        var e = Assert.Throws<TrainingDivergedException>(() => resumed.Run());
        Assert.That(e!.Step, Is.EqualTo(4));
        Assert.That(e.Message, Does.Contain("step 4"));
        Assert.That(File.ReadAllBytes(options.CheckpointPath!), Is.EqualTo(good), "the last good checkpoint is left in place");
    }

    [Test]
    public void Invalid_options_and_mismatched_corpus_are_rejected()
    {
        WordCorpus corpus = Corpus();
        LanguageModel model = LanguageModelFactory.Create(Config(corpus, RecurrentCellType.Lstm));
        Assert.Throws<ArgumentException>(() => _ = new Trainer(model, corpus, new TrainingOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentException>(() => _ = new Trainer(model, corpus, new TrainingOptions { LearningRate = float.NaN }));
        LanguageModel wrong = LanguageModelFactory.Create(Config(corpus, RecurrentCellType.Lstm) with { Vocabulary = corpus.Vocabulary.Count + 1 });
        Assert.Throws<ArgumentException>(() => _ = new Trainer(wrong, corpus, new TrainingOptions()));
    }
}
