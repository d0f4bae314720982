namespace Sparsity.Tests.Cli;

/// <summary>
/// <c>train --resume</c> continues only the same run (issue 16 item 5): other training settings, or model options given
/// explicitly that differ from the checkpoint's model, are refused naming them; the checkpoint is left as it was.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class ResumeCliTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [Test]
    public void Train_ResumeWithTheSameCommand_Continues()
    {
        string checkpoint = _scratch.TrainCheckpoint();
        CliRun resumed = CliHarness.Run(_scratch.TinyTrain(4, "--checkpoint", checkpoint, "--resume"));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(resumed.Output, Does.Contain("Resuming"));
    }

    [Test]
    public void Train_ResumeLeavingOutTheModelOptions_Continues()
    {
        string checkpoint = _scratch.TrainCheckpoint();
        CliRun resumed = CliHarness.Run(_scratch.TrainWithout(["--hidden", "--embedding"], "--max-steps", "4", "--checkpoint", checkpoint, "--resume"));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
    }

    [TestCase("--batch", "3", "BatchSize")]
    [TestCase("--bptt", "6", "BpttLength")]
    [TestCase("--lr", "0.01", "LearningRate")]
    [TestCase("--fixed-bptt", null, "RandomBptt")]
    [TestCase("--hidden", "16,8", "--hidden")]
    [TestCase("--embedding", "16", "--embedding")]
    [TestCase("--model", "lstm", "--model")]
    public void Train_ResumeWithOtherSettings_IsRefusedNamingThem(string option, string? value, string named)
    {
        string checkpoint = _scratch.TrainCheckpoint();
        byte[] stored = File.ReadAllBytes(checkpoint);
        string[] change = value is null ? [option] : [option, value];
        CliHarness.AssertOneLineError(CliHarness.Run(_scratch.TinyTrain(4, ["--checkpoint", checkpoint, "--resume", .. change])), named);
        Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(stored));
    }
}
