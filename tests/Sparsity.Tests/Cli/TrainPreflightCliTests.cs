using Sparsity.Models.Training;

namespace Sparsity.Tests.Cli;

/// <summary>
/// What used to fail only after training (issue 16 item 8) fails first: a checkpoint target that cannot be written before
/// the corpus loads, a split too short for its evaluation batch before training starts.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class TrainPreflightCliTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public void Train_CheckpointDirectoryMissing_FailsBeforeTheCorpusLoads()
    {
        string target = Path.Combine(_scratch.Directory, "missing", "run.ckpt");
        CliRun run = CliHarness.Run(_scratch.TinyTrain(2, "--checkpoint", target));
        CliHarness.AssertOneLineError(run, "missing");
        Assert.That(run.Output, Does.Not.Contain("Corpus:"));
    }

    [Test]
    public void Train_BestIsADirectory_FailsBeforeTheCorpusLoads()
    {
        Directory.CreateDirectory(Trainer.BestPath(_scratch.Checkpoint));
        CliRun run = CliHarness.Run(_scratch.TinyTrain(2, "--checkpoint", _scratch.Checkpoint));
        CliHarness.AssertOneLineError(run, ".best");
        Assert.That(run.Output, Does.Not.Contain("Corpus:"));
    }

    [Test]
    public void Train_ValidationSplitTooShortForItsBatch_FailsBeforeTraining()
    {
        File.WriteAllText(Path.Combine(_scratch.Data, "valid.txt"), "w1 w2");
        CliRun run = CliHarness.Run(_scratch.TinyTrain(2));
        CliHarness.AssertOneLineError(run, "validation");
        Assert.That(run.Output, Does.Not.Contain("steps, threads"), "no training may start");
    }
}
