using Sparsity.Core.Interop;
using Sparsity.Models.Interop;
using Sparsity.Models.LanguageModeling;

namespace Sparsity.Tests.Cli;

/// <summary>
/// <c>import</c> of a small safetensors file whose <c>sparsity.config</c> lies or is malformed (issue 16): a one-line error,
/// found from the tensors' shapes before the model is built.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public sealed class ImportHostileInputTests
{
    private static readonly LanguageModelConfig Small = new() { Vocabulary = 12, EmbeddingSize = 8, HiddenSizes = [8], Seed = 1 };

    private CliScratch _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = new CliScratch();

    [TearDown]
    public void TearDown() => _scratch.Dispose();

    /// <summary>The small model's weights with <paramref name="configuration"/> as their metadata.</summary>
    private string Forge(string configuration)
    {
        TensorMap map = ParameterTensors.ToTensorMap(LanguageModelFactory.Create(Small).Parameters);
        map.Metadata["sparsity.config"] = configuration;
        map.Metadata["sparsity.vocabulary"] = string.Join('\n', Enumerable.Range(0, Small.Vocabulary).Select(i => $"w{i}"));
        string path = _scratch.File("forged.safetensors");
        Safetensors.WriteFile(path, map);
        return path;
    }

    private CliRun Import(string file) => CliHarness.Run("import", "--safetensors", file, "--out", _scratch.File("out.ckpt"));

    [Test]
    public void Import_ConfigurationClaimingAHugeVocabulary_FailsInOneLineWithoutBuildingTheModel()
    {
        string file = Forge((Small with { Vocabulary = 5_000_000 }).ToJson());
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliRun run = Import(file);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        CliHarness.AssertOneLineError(run, "vocabulary");
        Assert.That(allocated, Is.LessThan(16L << 20), "bytes allocated before refusing");
        Assert.That(File.Exists(_scratch.File("out.ckpt")), Is.False);
    }

    [TestCase("not json at all")]
    [TestCase("null")]
    [TestCase("[1, 2, 3]")]
    [TestCase("{\"cellType\": \"Gru\"}")]
    [TestCase("{\"vocabulary\": 2000000000, \"embeddingSize\": 8, \"hiddenSizes\": [8]}")]
    [TestCase("{\"vocabulary\": 12, \"embeddingSize\": 8, \"hiddenSizes\": [100000, 8]}")]
    [TestCase("{\"vocabulary\": 12, \"embeddingSize\": 8, \"hiddenSizes\": [16, 8]}")]
    public void Import_MalformedOrOversizedConfiguration_FailsInOneLine(string configuration) =>
        CliHarness.AssertOneLineError(Import(Forge(configuration)), "forged.safetensors");

    [Test]
    public void Import_HonestFile_StillImports()
    {
        CliRun run = Import(Forge(Small.ToJson()));
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
    }
}
