using Sparsity.Core.Validation;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

/// <summary>
/// A diverging run's last checkpoint holds the last good state (issue 16 item 6): with a checkpoint every step and an
/// absurd learning rate it used to hold the weights that diverged one step later (finite, up to 6.8e20).
/// </summary>
[TestFixture]
public sealed class DivergenceCheckpointTests
{
    private TrainerTestRun _run = null!;

    [SetUp]
    public void SetUp() => _run = new TrainerTestRun();

    [TearDown]
    public void TearDown() => _run.Dispose();

    [Test]
    public void Divergence_LastCheckpointTakesAGoodStepWhenResumed()
    {
        TrainingOptions options = _run.Options() with { LearningRate = 1e6f, CheckpointEverySteps = 1 };
        TrainingDivergedException? diverged = Assert.Throws<TrainingDivergedException>(() => new Trainer(_run.Model(), _run.Corpus, options).Run());
        Assert.That(diverged!.Step, Is.GreaterThanOrEqualTo(2), "the test needs a run that takes some good steps first");

        LoadedModel loaded = ModelCheckpoint.Load(_run.CheckpointPath);
        long stored = loaded.Checkpoint.Position.GetInt64("step");
        Assert.That(loaded.Model.Parameters.All(p => !NonFinite.Any(p.Parameter.Value)), Is.True);

        // The run is deterministic, so a resumed run repeats the original: the stored state must be followed by at least one good step.
        var resumed = new Trainer(loaded.Model, _run.Corpus, options);
        resumed.Resume(loaded.Checkpoint);
        TrainingDivergedException? again = Assert.Throws<TrainingDivergedException>(() => resumed.Run());
        Assert.Multiple(() =>
        {
            Assert.That(again!.Step, Is.EqualTo(diverged.Step));
            Assert.That(stored, Is.LessThan(diverged.Step), "the checkpoint holds a state that took a good step");
        });
    }

    [Test]
    public void Divergence_InTheUpdate_StopsBeforeAnyCheckpointIsWritten()
    {
        // SGD's decoupled decay factor 1 − lr·wd overflows to −∞: the loss and gradient of step 0 are finite, the parameters after it are not.
        TrainingOptions options = _run.Options() with { Sgd = true, LearningRate = 1e30f, WeightDecay = 1e10f, ClipNorm = 0, CheckpointEverySteps = 1 };
        TrainingDivergedException? diverged = Assert.Throws<TrainingDivergedException>(() => new Trainer(_run.Model(), _run.Corpus, options).Run());
        Assert.Multiple(() =>
        {
            Assert.That(diverged!.Step, Is.Zero);
            Assert.That(diverged.Message, Does.Contain("update"));
            Assert.That(File.Exists(_run.CheckpointPath), Is.False, "no checkpoint holds non-finite parameters");
        });
    }
}
