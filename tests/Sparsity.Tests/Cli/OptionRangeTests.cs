namespace Sparsity.Tests.Cli;

/// <summary>
/// Option values out of range (issue 16 items 2 and 11) are one-line errors at parse time: nothing is loaded or trained
/// first, and nothing is silently rounded (<c>--hidden 16.7</c> used to become 16).
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class OptionRangeTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    [TestCase("1.0")]
    [TestCase(",")]
    [TestCase("0.5,0.5")]
    [TestCase("-0.1")]
    public void Prune_LevelsOutOfRange_Refused(string levels) =>
        CliHarness.AssertOneLineError(CliHarness.Run("prune", "--checkpoint", "missing.ckpt", "--out", "x.ckpt", "--levels", levels), "--levels");

    [Test]
    public void Prune_NegativeFinetuneSteps_Refused() =>
        CliHarness.AssertOneLineError(CliHarness.Run("prune", "--checkpoint", "missing.ckpt", "--out", "x.ckpt", "--finetune-steps", "-5"), "--finetune-steps");

    [TestCase("-1")]
    [TestCase("0")]
    [TestCase("Infinity")]
    public void Train_MinutesNotPositive_Refused(string minutes) =>
        CliHarness.AssertOneLineError(CliHarness.Run(_scratch.TinyTrain(3, "--minutes", minutes)), "--minutes");

    [Test]
    public void Demo_NegativeMinutes_Refused() => CliHarness.AssertOneLineError(CliHarness.Run("--minutes", "-1"), "--minutes");

    [TestCase("Infinity")]
    [TestCase("NaN")]
    [TestCase("-1")]
    public void Generate_TemperatureNotFinite_Refused(string temperature) =>
        CliHarness.AssertOneLineError(CliHarness.Run("generate", "--checkpoint", "missing.ckpt", "--temperature", temperature), "--temperature");

    [TestCase("3000000000,8")]
    [TestCase("16.7,8")]
    [TestCase("abc")]
    [TestCase("0,8")]
    [TestCase(",")]
    public void Train_HiddenNotWholePositiveNumbers_Refused(string hidden) =>
        CliHarness.AssertOneLineError(CliHarness.Run(_scratch.Train("--hidden", hidden, "--embedding", "8", "--max-steps", "1")), "--hidden");

    [Test]
    public void Train_HiddenTooLargeForAnArray_IsAOneLineError() =>
        CliHarness.AssertOneLineError(CliHarness.Run(_scratch.Train("--hidden", "100000,8", "--embedding", "8", "--max-steps", "1")), "layers.0.R");

    [Test]
    public void Train_BadParseError_IsOneLineWithoutHelp() =>
        CliHarness.AssertOneLineError(CliHarness.Run("train", "--batch", "abc"), "--batch");

    [TestCase("--levels", "1.5")]
    [TestCase("--block-levels", "0.9,0.8")]
    [TestCase("--finetune-steps", "-5")]
    [TestCase("--seeds", "1.5")]
    public void Sweep_OptionOutOfRange_RefusedBeforeTraining(string option, string value)
    {
        var options = new Dictionary<string, string>
        {
            ["--data"] = _scratch.Data, ["--out"] = _scratch.File("sweep"), ["--models"] = "egru", ["--seeds"] = "1", ["--weight-decays"] = "0.1",
            ["--hidden"] = "8", ["--embedding"] = "8", ["--base-epochs"] = "1", ["--batch"] = "2", ["--bptt"] = "5", ["--blocks"] = "", ["--timing-tokens"] = "5",
        };
        options[option] = value;
        CliRun run = CliHarness.Run(["sweep", .. options.SelectMany(o => new[] { o.Key, o.Value })]);
        CliHarness.AssertOneLineError(run, option);
        Assert.That(run.Output, Does.Not.Contain("Training base"));
    }

    [Test]
    public void SweepCollect_EmptyFolder_IsAOneLineError()
    {
        Directory.CreateDirectory(_scratch.File("empty"));
        CliHarness.AssertOneLineError(CliHarness.Run("sweep", "--collect", "--out", _scratch.File("empty")), "no finished points");
    }

    [Test]
    public void SweepCollect_MissingFolder_IsAOneLineError_AndCreatesNothing()
    {
        CliHarness.AssertOneLineError(CliHarness.Run("sweep", "--collect", "--out", _scratch.File("nowhere")), "nowhere");
        Assert.That(Directory.Exists(_scratch.File("nowhere")), Is.False);
    }
}
