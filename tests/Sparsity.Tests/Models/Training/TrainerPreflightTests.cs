using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Training;

/// <summary>What would fail only after training (issue 16 item 8) is refused by the trainer's constructor instead.</summary>
[TestFixture]
public sealed class TrainerPreflightTests
{
    private TrainerTestRun _run = null!;

    [SetUp]
    public void SetUp() => _run = new TrainerTestRun();

    [TearDown]
    public void TearDown() => _run.Dispose();

    private void AssertRefused(TrainingOptions options, string fragment) =>
        Assert.That(() => new Trainer(_run.Model(), _run.Corpus, options), Throws.ArgumentException.With.Message.Contains(fragment));

    [Test]
    public void Constructor_CheckpointDirectoryMissing_Throws() =>
        AssertRefused(_run.Options() with { CheckpointPath = Path.Combine(_run.Directory, "missing", "run.ckpt") }, "missing");

    [Test]
    public void Constructor_BestFileIsADirectory_Throws()
    {
        Directory.CreateDirectory(Trainer.BestPath(_run.CheckpointPath));
        AssertRefused(_run.Options(), ".best");
    }

    [Test]
    public void Constructor_CheckpointIsADirectory_Throws()
    {
        Directory.CreateDirectory(_run.CheckpointPath);
        AssertRefused(_run.Options(), "run.ckpt");
    }

    [Test]
    public void Constructor_ValidationSplitTooShortForItsBatch_Throws() =>
        AssertRefused(_run.Options() with { EvaluationBatchSize = _run.Corpus.Valid.Length }, "validation");

    [Test]
    public void Constructor_TestSplitTooShortForTheTestBatch_Throws() =>
        AssertRefused(_run.Options() with { TestBatchSize = _run.Corpus.Test.Length }, "test");

    [Test]
    public void Constructor_WritableTarget_LeavesNoFileBehind()
    {
        _ = new Trainer(_run.Model(), _run.Corpus, _run.Options());
        Assert.That(Directory.EnumerateFileSystemEntries(_run.Directory), Is.Empty);
    }
}
