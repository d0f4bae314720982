using Sparsity.Models.Data;

namespace Sparsity.Tests.Models.Data;

[TestFixture]
public sealed class VocabularyTests
{
    [Test]
    public void Add_RepeatedWord_KeepsFirstId()
    {
        var v = new Vocabulary();
        Assert.Multiple(() =>
        {
            Assert.That(v.Add("b"), Is.EqualTo(0));
            Assert.That(v.Add("a"), Is.EqualTo(1));
            Assert.That(v.Add("b"), Is.EqualTo(0));
            Assert.That(v.Count, Is.EqualTo(2));
            Assert.That(v.TryGetId("a", out int id) && id == 1, Is.True);
            Assert.That(v.TryGetId("c", out int none), Is.False);
            Assert.That(none, Is.EqualTo(-1));
            Assert.That(v[1], Is.EqualTo("a"));
        });
    }

    [TestCase("")]
    [TestCase("a b")]
    [TestCase("a\t")]
    public void Add_InvalidWord_Throws(string word) =>
        Assert.Throws<ArgumentException>(() => new Vocabulary().Add(word));

    [Test]
    public void WriteTo_ReadFrom_RoundTripsIds()
    {
        var v = new Vocabulary(["<eos>", "héllo", "world", "日本"]);
        using var stream = new MemoryStream();
        v.WriteTo(stream);
        stream.Position = 0;
        Vocabulary back = Vocabulary.ReadFrom(stream);
        Assert.That(back.Words, Is.EqualTo(v.Words));
        Assert.That(stream.Position, Is.EqualTo(stream.Length));
    }

    [Test]
    public void ReadFrom_EveryTruncation_ThrowsInvalidData()
    {
        byte[] bytes = Serialize(new Vocabulary(["a", "bc"]));
        for (int n = 0; n < bytes.Length; n++)
        {
            using var s = new MemoryStream(bytes, 0, n);
            Assert.Throws<InvalidDataException>(() => Vocabulary.ReadFrom(s), $"truncated to {n} bytes");
        }
    }

    [TestCase(0, TestName = "ReadFrom_BadMagic_ThrowsInvalidData")]
    [TestCase(8, TestName = "ReadFrom_BadVersion_ThrowsInvalidData")]
    public void ReadFrom_CorruptHeader_ThrowsInvalidData(int offset)
    {
        byte[] bytes = Serialize(new Vocabulary(["a"]));
        bytes[offset] ^= 0x5A;
        Assert.Throws<InvalidDataException>(() => Vocabulary.ReadFrom(new MemoryStream(bytes)));
    }

    [Test]
    public void ReadFrom_DuplicateOrEmptyOrInvalidUtf8Word_ThrowsInvalidData()
    {
        byte[] dup = Serialize(new Vocabulary(["ab", "ac"]));
        dup[^1] = (byte)'b'; // second word becomes "ab"
        byte[] bad = Serialize(new Vocabulary(["ab"]));
        bad[^1] = 0xFF;
        byte[] negative = Serialize(new Vocabulary(["ab"]));
        negative[12] = 0xFF; negative[13] = 0xFF; negative[14] = 0xFF; negative[15] = 0xFF;
        Assert.Multiple(() =>
        {
            Assert.That(() => Vocabulary.ReadFrom(new MemoryStream(dup)), Throws.TypeOf<InvalidDataException>().With.Message.Contains("repeats"));
            Assert.That(() => Vocabulary.ReadFrom(new MemoryStream(bad)), Throws.TypeOf<InvalidDataException>());
            Assert.That(() => Vocabulary.ReadFrom(new MemoryStream(negative)), Throws.TypeOf<InvalidDataException>());
        });
    }

    private static byte[] Serialize(Vocabulary v)
    {
        using var stream = new MemoryStream();
        v.WriteTo(stream);
        return stream.ToArray();
    }
}
