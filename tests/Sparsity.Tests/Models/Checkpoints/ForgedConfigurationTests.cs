using Sparsity.Models.Checkpoints;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Checkpoints;

/// <summary>
/// A checkpoint whose checksum is valid but whose configuration lies about the model (issue 16): the loader must refuse
/// it from the stored tensors' shapes before building anything, so a few kilobytes cannot make it allocate gigabytes.
/// </summary>
[TestFixture]
public sealed class ForgedConfigurationTests
{
    /// <summary>What building the small model itself may allocate is far below this; a forged size far above.</summary>
    private const long AllocationLimit = 4L << 20;

    private static readonly LanguageModelConfig Small = new() { Vocabulary = 12, EmbeddingSize = 8, HiddenSizes = [8], Seed = 1 };

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sparsity-forged-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    /// <summary>A checkpoint of the small model whose configuration text is replaced by <paramref name="configuration"/> (checksum recomputed).</summary>
    private string Forge(string configuration)
    {
        string honest = Path.Combine(_directory, "honest.ckpt"), forged = Path.Combine(_directory, "forged.ckpt");
        ModelCheckpoint.Save(honest, LanguageModelFactory.Create(Small), new Vocabulary(Enumerable.Range(0, Small.Vocabulary).Select(i => $"w{i}")));
        Checkpoint c = CheckpointReader.Read(honest);
        CheckpointWriter.Write(forged, new Checkpoint
        {
            ModelConfiguration = configuration,
            Vocabulary = c.Vocabulary,
            Parameters = c.Parameters,
            Masks = c.Masks,
            Position = c.Position,
        });
        return forged;
    }

    private static void AssertRefusedCheaply(string path, string messageFragment)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        CheckpointException? e = Assert.Throws<CheckpointException>(() => ModelCheckpoint.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain(messageFragment));
            Assert.That(allocated, Is.LessThan(AllocationLimit), "bytes allocated before refusing");
        });
    }

    [Test]
    public void Load_ConfigurationClaimingAHugeVocabulary_IsRefusedBeforeBuildingTheModel() =>
        AssertRefusedCheaply(Forge((Small with { Vocabulary = 5_000_000 }).ToJson()), "vocabulary");

    [Test]
    public void Load_ConfigurationClaimingAWideLayer_IsRefusedBeforeBuildingTheModel() =>
        AssertRefusedCheaply(Forge((Small with { HiddenSizes = [2000, 8] }).ToJson()), "layers.0");

    [TestCase(2_000_000_000, new[] { 8 }, "embedding")]
    [TestCase(12, new[] { 100_000, 8 }, "layers.0.R")]
    public void Load_ConfigurationWhoseTensorsOverflowAnArray_IsRefusedAsCorrupt(int vocabulary, int[] hidden, string tensor) =>
        AssertRefusedCheaply(Forge((Small with { Vocabulary = vocabulary, HiddenSizes = hidden }).ToJson()), tensor);

    [Test]
    public void Load_HonestCheckpoint_StillLoads()
    {
        string path = Forge(Small.ToJson());
        Assert.That(ModelCheckpoint.Load(path).Model.Config, Is.EqualTo(Small));
    }
}
