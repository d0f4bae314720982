using Sparsity.Models.Checkpoints;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

/// <summary>
/// Resuming with other settings than the run was trained with (issue 16 item 5) is refused, naming them; the epoch count
/// may change (continuing 6 → 14 epochs is documented), and a checkpoint written before the settings were stored still resumes.
/// </summary>
[TestFixture]
public sealed class ResumeSettingsTests
{
    private TrainerTestRun _run = null!;

    [SetUp]
    public void SetUp()
    {
        _run = new TrainerTestRun();
        new Trainer(_run.Model(), _run.Corpus, _run.Options()) { InterruptAfterStep = 2 }.Run();
    }

    [TearDown]
    public void TearDown() => _run.Dispose();

    private static IEnumerable<TestCaseData> Changes()
    {
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { BatchSize = 4 }), "BatchSize").SetName("BatchSize");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { BpttLength = 7 }), "BpttLength").SetName("BpttLength");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { RandomBptt = false }), "RandomBptt").SetName("RandomBptt");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { LearningRate = 1e-3f }), "LearningRate").SetName("LearningRate");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { WeightDecay = 0.3f }), "WeightDecay").SetName("WeightDecay");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { Sgd = true }), "Sgd").SetName("Sgd");
        yield return new TestCaseData((Func<TrainingOptions, TrainingOptions>)(o => o with { ClipNorm = 0.25f }), "ClipNorm").SetName("ClipNorm");
    }

    [TestCaseSource(nameof(Changes))]
    public void Resume_WithADifferentSetting_IsRefusedNamingIt(Func<TrainingOptions, TrainingOptions> change, string setting)
    {
        LoadedModel loaded = ModelCheckpoint.Load(_run.CheckpointPath);
        var trainer = new Trainer(loaded.Model, _run.Corpus, change(_run.Options()));
        Assert.That(() => trainer.Resume(loaded.Checkpoint), Throws.TypeOf<CheckpointException>().With.Message.Contains(setting));
    }

    [Test]
    public void Resume_WithMoreEpochs_Continues()
    {
        LoadedModel loaded = ModelCheckpoint.Load(_run.CheckpointPath);
        var trainer = new Trainer(loaded.Model, _run.Corpus, _run.Options() with { Epochs = 2 });
        trainer.Resume(loaded.Checkpoint);
        Assert.That(trainer.Step, Is.EqualTo(2));
    }

    [Test]
    public void Resume_CheckpointWithoutStoredSettings_StillResumes()
    {
        LoadedModel loaded = ModelCheckpoint.Load(_run.CheckpointPath);
        string[] stored = [.. loaded.Checkpoint.Position.Entries.Select(e => e.Key)];
        foreach (string key in stored.Except(["epoch", "window", "step", "seed", "bestValidationLoss", "seconds", "history", "probes"]))
        {
            loaded.Checkpoint.Position.Remove(key);
        }

        var trainer = new Trainer(loaded.Model, _run.Corpus, _run.Options() with { BatchSize = 4 });
        Assert.That(() => trainer.Resume(loaded.Checkpoint), Throws.Nothing, "an older checkpoint stores no settings to compare");
    }
}
