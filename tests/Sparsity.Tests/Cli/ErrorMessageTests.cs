using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Cli;

/// <summary>
/// Issue 16 item 12: error messages name where the problem is (file, line, byte offset), say what is wrong (a directory
/// where a file should be, a NUL inside a word, non-finite weights) and quote at most a couple of hundred characters.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class ErrorMessageTests
{
    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    private string Corpus(byte[] train)
    {
        string dir = _scratch.File("corpus");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "train.txt"), train);
        File.WriteAllText(Path.Combine(dir, "valid.txt"), "a b\n");
        File.WriteAllText(Path.Combine(dir, "test.txt"), "a b\n");
        return dir;
    }

    [Test]
    public void InvalidUtf8_NamesFileLineAndByteOffset()
    {
        // "a b\nc d\n" is 8 bytes; line 3 starts at byte 8, and its 0xFF is at byte 10.
        string dir = Corpus([.. "a b\nc d\nef"u8, 0xFF, .. "g\n"u8]);
        Assert.That(() => WordCorpus.Load(dir), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("train.txt").And.Message.Contains("line 3").And.Message.Contains("byte 10"));
    }

    [Test]
    public void InvalidUtf8_AfterALargePrefix_NamesTheRightLine()
    {
        var bytes = new List<byte>();
        for (int i = 0; i < 20_000; i++)
        {
            bytes.AddRange("word another\n"u8.ToArray());
        }

        long offset = bytes.Count + 2;
        bytes.AddRange([(byte)'x', (byte)' ', 0xC3, (byte)'(', (byte)'\n']);
        Assert.That(() => WordCorpus.Load(Corpus([.. bytes])), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("line 20001").And.Message.Contains($"byte {offset}"));
    }

    [Test]
    public void NulInsideAWord_IsRejectedWithFileAndLine()
    {
        string dir = Corpus("a b\nc d\0e f\n"u8.ToArray());
        Assert.That(() => WordCorpus.Load(dir), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("train.txt").And.Message.Contains("line 2").And.Message.Contains("NUL"));
    }

    [Test]
    public void DirectoryNamedLikeASplitFile_IsReportedAsADirectory()
    {
        string dir = _scratch.File("corpus");
        Directory.CreateDirectory(Path.Combine(dir, "train.txt"));
        File.WriteAllText(Path.Combine(dir, "valid.txt"), "a\n");
        File.WriteAllText(Path.Combine(dir, "test.txt"), "a\n");
        CliRun run = CliHarness.Run("evaluate", "--checkpoint", SaveModel(), "--data", dir);
        CliHarness.AssertOneLineError(run, "train.txt", "is a directory");
        Assert.That(run.Error, Does.Not.Contain("does not exist"));
    }

    [Test]
    public void HugeUnknownWord_IsQuotedShortWithAnEllipsis()
    {
        string dir = _scratch.File("corpus");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "train.txt"), "a b\n");
        File.WriteAllText(Path.Combine(dir, "valid.txt"), new string('x', 3_000_000) + "\n");
        File.WriteAllText(Path.Combine(dir, "test.txt"), "a b\n");
        var e = Assert.Throws<InvalidDataException>(() => WordCorpus.Load(dir))!;
        Assert.That(e.Message, Has.Length.LessThan(600));
        Assert.That(e.Message, Does.Contain("xxx…").And.Contain("3000000 characters").And.Contain("valid.txt"));
    }

    [Test]
    public void HugeInvalidVocabularyWord_IsQuotedShort()
    {
        var e = Assert.Throws<ArgumentException>(() => new Vocabulary().Add(new string('y', 1_000_000) + " z"))!;
        Assert.That(e.Message, Has.Length.LessThan(600));
    }

    private string SaveModel(float poison = 0f, int count = 0)
    {
        Vocabulary vocabulary = WordCorpus.Load(_scratch.Data).Vocabulary;
        LanguageModel model = LanguageModelFactory.Create(new LanguageModelConfig { Vocabulary = vocabulary.Count, EmbeddingSize = 8, HiddenSizes = [8], Seed = 3 });
        float[] values = model.Parameters[0].Parameter.Value;
        for (int i = 0; i < count; i++)
        {
            values[i * 3] = poison;
        }

        string path = _scratch.File("model.ckpt");
        ModelCheckpoint.Save(path, model, vocabulary);
        return path;
    }

    [Test]
    public void Evaluate_NonFiniteWeights_FailsInOneLineNamingTheParameter()
    {
        string path = SaveModel(float.NaN, 3);
        string name = ModelCheckpoint.Load(path).Model.Parameters[0].Name;
        CliRun run = CliHarness.Run("evaluate", "--checkpoint", path, "--data", _scratch.Data);
        CliHarness.AssertOneLineError(run, "non-finite", name, "3");
        Assert.That(run.Output, Does.Not.Contain("perplexity NaN"));
    }

    [Test]
    public void Info_NonFiniteWeights_AreFlaggedWithParameterAndCount()
    {
        string path = SaveModel(float.PositiveInfinity, 5);
        string name = ModelCheckpoint.Load(path).Model.Parameters[0].Name;
        CliRun run = CliHarness.Run("info", "--checkpoint", path);
        Assert.That(run.Output, Does.Contain("non-finite").And.Contain($"{name}: 5"), run.ToString());
    }

    [Test]
    public void Info_FiniteWeights_FlagNothing()
    {
        CliRun run = CliHarness.Run("info", "--checkpoint", SaveModel());
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Not.Contain("non-finite"));
    }
}
