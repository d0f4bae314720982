using Sparsity.Models.Checkpoints;

namespace Sparsity.Tests.Models.Checkpoints;

[TestFixture]
public sealed class CheckpointRoundTripTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("sparsity-ckpt-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void WriteRead_RandomCheckpoints_AreBitIdentical()
    {
        for (int seed = 0; seed < 25; seed++)
        {
            Checkpoint original = CheckpointSamples.Random(seed);
            string path = Path.Combine(_directory, $"c{seed}.ckpt");
            CheckpointWriter.Write(path, original);
            CheckpointSamples.AssertBitIdentical(original, CheckpointReader.Read(path));
        }
    }

    [Test]
    public void WriteRead_EmptyCheckpoint_RoundTrips()
    {
        var empty = new Checkpoint { ModelConfiguration = string.Empty, Parameters = [] };
        string path = Path.Combine(_directory, "empty.ckpt");
        CheckpointWriter.Write(path, empty);
        Checkpoint read = CheckpointReader.Read(path);
        CheckpointSamples.AssertBitIdentical(empty, read);
        Assert.That(new FileInfo(path).Length, Is.EqualTo(24 + 4 + 4 + 4 + 1 + 4 + 4 + 4), "header + the eight empty sections");
    }

    [Test]
    public void Write_SameCheckpointTwice_GivesIdenticalBytes()
    {
        Checkpoint c = CheckpointSamples.Random(3);
        string a = Path.Combine(_directory, "a.ckpt"), b = Path.Combine(_directory, "b.ckpt");
        CheckpointWriter.Write(a, c);
        CheckpointWriter.Write(b, c);
        Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
    }

    [Test]
    public void WriteRead_LargeTensor_CrossesBufferBoundaries()
    {
        var random = new Random(4);
        float[] values = [.. Enumerable.Range(0, 100_003).Select(_ => (float)random.NextDouble())];
        var c = new Checkpoint
        {
            ModelConfiguration = new string('x', 70_000), // longer than the writer's buffer
            Parameters = [new NamedTensor("embedding", [100_003, 1], values)],
        };
        string path = Path.Combine(_directory, "large.ckpt");
        CheckpointWriter.Write(path, c);
        CheckpointSamples.AssertBitIdentical(c, CheckpointReader.Read(path));
    }
}
