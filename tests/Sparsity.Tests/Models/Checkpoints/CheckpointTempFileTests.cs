using Sparsity.Models.Checkpoints;
using Sparsity.Models.Data;
using Sparsity.Models.LanguageModeling;
using Sparsity.Models.Training;

namespace Sparsity.Tests.Models.Checkpoints;

/// <summary>
/// Issue 16 items 7 and 12: temporary files that a killed write left behind are removed by the next write of the same
/// checkpoint (and only those), and a failed write names the checkpoint, not its hidden temporary file.
/// </summary>
[TestFixture]
public sealed class CheckpointTempFileTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sparsity-temp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static Checkpoint Small()
    {
        var vocabulary = new Vocabulary(["a", "b", "c", "d"]);
        LanguageModel model = LanguageModelFactory.Create(new LanguageModelConfig { Vocabulary = 4, EmbeddingSize = 4, HiddenSizes = [4], Seed = 1 });
        return ModelCheckpoint.Capture(model, vocabulary);
    }

    private string Touch(string name)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, "partial");
        return path;
    }

    [Test]
    public void Write_RemovesStaleTempFilesOfTheSameCheckpointOnly()
    {
        string[] stale = [Touch($".model.ckpt.{Guid.NewGuid():N}.tmp"), Touch($".model.ckpt.{Guid.NewGuid():N}.tmp")];
        string[] kept =
        [
            Touch($".other.ckpt.{Guid.NewGuid():N}.tmp"),
            Touch($".model.ckpt.best.{Guid.NewGuid():N}.tmp"),
            Touch(".model.ckpt.notaguid.tmp"),
            Touch($"model.ckpt.{Guid.NewGuid():N}.tmp"),
            Touch($".model.ckpt.{Guid.NewGuid():N}.tmp.keep"),
        ];

        CheckpointWriter.Write(Path.Combine(_directory, "model.ckpt"), Small());

        Assert.Multiple(() =>
        {
            Assert.That(stale.Where(File.Exists), Is.Empty, "stale temp files of model.ckpt");
            Assert.That(kept.Where(f => !File.Exists(f)), Is.Empty, "files that are not model.ckpt's temp files");
            Assert.That(File.Exists(Path.Combine(_directory, "model.ckpt")), Is.True);
        });
    }

    [Test]
    public void Write_IntoAMissingDirectory_NamesTheCheckpointNotTheTempFile()
    {
        string path = Path.Combine(_directory, "missing", "model.ckpt");
        Assert.That(() => CheckpointWriter.Write(path, Small()),
                    Throws.InstanceOf<IOException>().With.Message.Contains(path).And.Message.Not.Contains(".tmp"));
    }
}
