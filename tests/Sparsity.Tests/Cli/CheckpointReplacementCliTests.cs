using Sparsity.Models.Checkpoints;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Cli;

/// <summary>A new <c>train</c> run does not silently replace an existing checkpoint or its <c>.best</c> (issue 16 item 3).</summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class CheckpointReplacementCliTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public void Train_ExistingCheckpoint_IsNotReplacedWithoutResumeOrForce()
    {
        string checkpoint = _scratch.TrainCheckpoint();
        byte[] stored = File.ReadAllBytes(checkpoint), best = File.ReadAllBytes(Trainer.BestPath(checkpoint));
        CliRun again = CliHarness.Run(_scratch.TinyTrain(2, "--checkpoint", checkpoint, "--seed", "2"));
        CliHarness.AssertOneLineError(again, checkpoint, "--force");
        Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(stored));
        Assert.That(File.ReadAllBytes(Trainer.BestPath(checkpoint)), Is.EqualTo(best));
    }

    [Test]
    public void Train_ExistingBestOnly_IsNotReplacedWithoutForce()
    {
        string checkpoint = _scratch.TrainCheckpoint();
        File.Delete(checkpoint);
        CliHarness.AssertOneLineError(CliHarness.Run(_scratch.TinyTrain(2, "--checkpoint", checkpoint)), Trainer.BestPath(checkpoint));
    }

    [Test]
    public void Train_Force_StartsANewRunOverTheOldFiles()
    {
        string checkpoint = _scratch.TrainCheckpoint();
        CliRun forced = CliHarness.Run(_scratch.TinyTrain(1, "--checkpoint", checkpoint, "--seed", "2", "--force"));
        Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
        Assert.That(CheckpointReader.Read(checkpoint).Position.GetInt64(PositionKeys.Seed), Is.EqualTo(2));
        Assert.That(CheckpointReader.Read(Trainer.BestPath(checkpoint)).Position.GetInt64(PositionKeys.Seed), Is.EqualTo(2));
    }
}
