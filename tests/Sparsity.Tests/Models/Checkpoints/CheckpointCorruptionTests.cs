using System.Buffers.Binary;
using System.Text;
using Sparsity.Core.Serialization;
using Sparsity.Models.Checkpoints;

namespace Sparsity.Tests.Models.Checkpoints;

[TestFixture]
public sealed class CheckpointCorruptionTests
{
    private string _directory = null!;
    private byte[] _good = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("sparsity-ckpt-").FullName;
        string path = Path.Combine(_directory, "good.ckpt");
        CheckpointWriter.Write(path, CheckpointSamples.Random(5));
        _good = File.ReadAllBytes(path);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private CheckpointException ReadBytes(byte[] bytes)
    {
        string path = Path.Combine(_directory, "bad.ckpt");
        File.WriteAllBytes(path, bytes);
        return Assert.Throws<CheckpointException>(() => CheckpointReader.Read(path))!;
    }

    [Test]
    public void Read_MissingFile_SaysItDoesNotExist()
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(Path.Combine(_directory, "nope.ckpt")))!;
        var d = Assert.Throws<CheckpointException>(() => CheckpointReader.Read(Path.Combine(_directory, "no-dir", "x.ckpt")))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Message, Does.Contain("does not exist").And.Contain("nope.ckpt"));
            Assert.That(e.InnerException, Is.InstanceOf<FileNotFoundException>());
            Assert.That(d.Message, Does.Contain("does not exist"));
        });
    }

    [Test]
    public void Read_Truncated_SaysTruncated()
    {
        Assert.That(_good.Length, Is.GreaterThan(100));
        foreach (int length in new[] { 0, 1, 7, 8, 12, 20, 23, 24, 25, _good.Length / 2, _good.Length - 1 })
        {
            CheckpointException e = ReadBytes(_good[..length]);
            Assert.That(e.Message, Does.Contain("truncated"), $"length {length}");
        }
    }

    [Test]
    public void Read_TrailingBytes_SaysSo()
    {
        CheckpointException e = ReadBytes([.. _good, 0]);
        Assert.That(e.Message, Does.Contain("trailing bytes"));
    }

    [Test]
    public void Read_WrongMagic_SaysNotACheckpoint()
    {
        byte[] bytes = [.. _good];
        "NOTACKPT"u8.CopyTo(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(ReadBytes(bytes).Message, Does.Contain("wrong magic"));
            Assert.That(ReadBytes(Encoding.UTF8.GetBytes("{\"not\": \"a checkpoint\"}")).Message, Does.Contain("wrong magic"));
        });
    }

    [TestCase(2u, "newer")]
    [TestCase(0u, "not supported")]
    [TestCase(uint.MaxValue, "newer")]
    public void Read_OtherVersion_NamesTheVersion(uint version, string why)
    {
        byte[] bytes = [.. _good];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), version);
        CheckpointException e = ReadBytes(bytes);
        Assert.That(e.Message, Does.Contain($"format version {version}").And.Contain(why));
    }

    [Test]
    public void Read_FlippedPayloadByte_ReportsChecksumMismatch()
    {
        for (int i = 24; i < _good.Length; i += Math.Max(1, _good.Length / 97))
        {
            byte[] bytes = [.. _good];
            bytes[i] ^= 0x10;
            Assert.That(ReadBytes(bytes).Message, Does.Contain("checksum mismatch"), $"byte {i}");
        }
    }

    [Test]
    public void Parse_AnySingleFlippedByte_IsRejected()
    {
        // Every position, header included (in memory, to stay fast): each must fail with a CheckpointException.
        for (int i = 0; i < _good.Length; i++)
        {
            byte[] bytes = [.. _good];
            bytes[i] ^= 0x01;
            Assert.That(() => CheckpointReader.Parse(bytes, "x"), Throws.TypeOf<CheckpointException>(), $"byte {i}");
        }
    }

    [Test]
    public void Read_StructurallyBadPayloadWithValidChecksum_ReportsMalformed()
    {
        // A payload whose first string claims more bytes than exist, sealed with a correct checksum (a forged or buggy file).
        byte[] payload = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(payload, 1000);
        byte[] bytes = new byte[24 + payload.Length];
        "SPRSCKPT"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), payload.Length);
        payload.CopyTo(bytes, 24);
        uint crc = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, payload), bytes.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), crc);
        Assert.That(ReadBytes(bytes).Message, Does.Contain("malformed").And.Contain("modelConfiguration"));
    }
}
