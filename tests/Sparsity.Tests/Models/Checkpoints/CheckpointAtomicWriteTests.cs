using System.Collections;
using Sparsity.Core.Sparse;
using Sparsity.Models.Checkpoints;

namespace Sparsity.Tests.Models.Checkpoints;

[TestFixture]
public sealed class CheckpointAtomicWriteTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("sparsity-ckpt-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Write_ThrowsMidway_LeavesExistingFileUntouchedAndNoTempFile()
    {
        string path = Path.Combine(_directory, "model.ckpt");
        CheckpointWriter.Write(path, CheckpointSamples.Random(1));
        byte[] before = File.ReadAllBytes(path);

        var vocabulary = new ThrowingList(_directory, throwAt: 3);
        Checkpoint broken = CheckpointSamples.Random(2);
        broken = new Checkpoint
        {
            ModelConfiguration = broken.ModelConfiguration,
            Parameters = broken.Parameters,
            Vocabulary = vocabulary,
        };

        Assert.Throws<IOException>(() => CheckpointWriter.Write(path, broken));
        Assert.Multiple(() =>
        {
            Assert.That(vocabulary.TempFilesWhenThrown, Is.EqualTo(1), "the failure must happen while the temporary file is being written");
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
            Assert.That(Directory.GetFiles(_directory), Is.EqualTo(new[] { path }));
        });
        CheckpointSamples.AssertBitIdentical(CheckpointSamples.Random(1), CheckpointReader.Read(path));
    }

    [Test]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTempFile()
    {
        string path = Path.Combine(_directory, "model.ckpt");
        CheckpointWriter.Write(path, CheckpointSamples.Random(1));
        CheckpointWriter.Write(path, CheckpointSamples.Random(2));
        Assert.That(Directory.GetFiles(_directory), Is.EqualTo(new[] { path }));
        CheckpointSamples.AssertBitIdentical(CheckpointSamples.Random(2), CheckpointReader.Read(path));
    }

    [Test]
    public void Write_MissingDirectory_ThrowsAndCreatesNothing()
    {
        string path = Path.Combine(_directory, "missing", "model.ckpt");
        Assert.Throws<DirectoryNotFoundException>(() => CheckpointWriter.Write(path, CheckpointSamples.Random(1)));
        Assert.That(Directory.GetFileSystemEntries(_directory), Is.Empty);
    }

    [Test]
    public void Write_InconsistentCheckpoint_ThrowsBeforeCreatingAFile()
    {
        string path = Path.Combine(_directory, "model.ckpt");
        var tensor = new NamedTensor("w", [2, 3], new float[6]);
        var unknownMask = new Checkpoint
        {
            ModelConfiguration = "{}",
            Parameters = [tensor],
            Masks = new Dictionary<string, SparsityMask> { ["v"] = SparsityMask.Full(2, 3) },
        };
        var wrongShape = new Checkpoint
        {
            ModelConfiguration = "{}",
            Parameters = [tensor],
            Masks = new Dictionary<string, SparsityMask> { ["w"] = SparsityMask.Full(3, 2) },
        };
        var repeated = new Checkpoint { ModelConfiguration = "{}", Parameters = [tensor, tensor] };
        Assert.Multiple(() =>
        {
            Assert.That(() => CheckpointWriter.Write(path, unknownMask), Throws.ArgumentException.With.Message.Contains("'v'"));
            Assert.That(() => CheckpointWriter.Write(path, wrongShape), Throws.ArgumentException.With.Message.Contains("'w'"));
            Assert.That(() => CheckpointWriter.Write(path, repeated), Throws.ArgumentException.With.Message.Contains("more than once"));
            Assert.That(Directory.GetFileSystemEntries(_directory), Is.Empty);
        });
    }

    /// <summary>A vocabulary that fails on one entry, as a disk or a bug could fail halfway through a write, and records how many temporary files existed then.</summary>
    private sealed class ThrowingList(string directory, int throwAt) : IReadOnlyList<string>
    {
        public int TempFilesWhenThrown { get; private set; } = -1;

        public int Count => 10;

        public string this[int index]
        {
            get
            {
                if (index == throwAt)
                {
                    TempFilesWhenThrown = Directory.GetFiles(directory, "*.tmp").Length;
                    throw new IOException("simulated failure in the middle of the write");
                }

                return "w" + index;
            }
        }

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
