using Sparsity.Core.Interop;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Tests.Cli;

/// <summary>
/// Issue 16 item 4: <c>import</c> of a file whose stored vocabulary repeats a word or holds another number of words
/// than the model fails in one line naming the problem, and writes no checkpoint.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class ImportVocabularyTests
{
    private static readonly LanguageModelConfig Small = new() { Vocabulary = 12, EmbeddingSize = 8, HiddenSizes = [8], Seed = 1 };

    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    private string Forge(IEnumerable<string> words, bool withConfiguration)
    {
        TensorMap map = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(Small).Parameters);
        if (withConfiguration)
        {
            map.Metadata["sparsity.config"] = Small.ToJson();
        }

        map.Metadata["sparsity.vocabulary"] = string.Join('\n', words);
        string path = _scratch.File("forged.safetensors");
        Safetensors.WriteFile(path, map);
        return path;
    }

    private static IEnumerable<string> Words(int count) => Enumerable.Range(0, count).Select(i => $"w{i}");

    private CliRun Import(string file, bool withConfiguration) => withConfiguration
        ? CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("out.ckpt"))
        : CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("out.ckpt"), "--model", "egru");

    [TestCase(true)]
    [TestCase(false)]
    public void Import_VocabularyWithARepeatedWord_FailsNamingTheWord(bool withConfiguration)
    {
        string[] words = Words(Small.Vocabulary).ToArray();
        words[7] = "w3";
        CliRun run = Import(Forge(words, withConfiguration), withConfiguration);
        CliHarness.AssertOneLineError(run, "forged.safetensors", "'w3'", "repeat");
        Assert.That(File.Exists(_scratch.File("out.ckpt")), Is.False);
    }

    [TestCase(11, true)]
    [TestCase(13, true)]
    [TestCase(11, false)]
    [TestCase(13, false)]
    public void Import_VocabularyOfAnotherSize_FailsNamingBothCounts(int count, bool withConfiguration)
    {
        CliRun run = Import(Forge(Words(count), withConfiguration), withConfiguration);
        CliHarness.AssertOneLineError(run, "forged.safetensors", $"{count}", $"{Small.Vocabulary}");
        Assert.That(File.Exists(_scratch.File("out.ckpt")), Is.False);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Import_ValidVocabulary_ImportsALoadableCheckpoint(bool withConfiguration)
    {
        CliRun run = Import(Forge(Words(Small.Vocabulary), withConfiguration), withConfiguration);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        CliRun info = CliHarness.Run("info", "--checkpoint", _scratch.File("out.ckpt"));
        Assert.That(info.ExitCode, Is.Zero, info.ToString());
    }
}
