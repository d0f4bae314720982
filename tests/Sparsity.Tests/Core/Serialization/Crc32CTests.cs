using Sparsity.Core.Serialization;
using Sparsity.Tests.Reference;

namespace Sparsity.Tests.Core.Serialization;

/// <summary>The record checksum is CRC-32C, checked against published values and a bit-by-bit reference.</summary>
public class Crc32CTests
{
    [Test]
    public void Compute_CheckString_IsPublishedValue()
    {
        Assert.That(Crc32C.Compute("123456789"u8), Is.EqualTo(0xE306_9283u));
    }

    // RFC 3720 (iSCSI), appendix B.4.
    [TestCase(0x00, 0, 0x8A91_36AAu)]
    [TestCase(0xFF, 0, 0x62A8_AB43u)]
    [TestCase(0x00, 1, 0x46DD_794Eu)]
    [TestCase(0x1F, -1, 0x113F_DB5Cu)]
    public void Compute_Rfc3720Vectors_ArePublishedValues(int first, int step, uint expected)
    {
        var data = new byte[32];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(first + (step * i));
        }

        Assert.That(Crc32C.Compute(data), Is.EqualTo(expected));
    }

    [Test]
    public void Append_AnyLengthAndSplit_EqualsBitwiseReference()
    {
        var rng = new Random(3);
        for (int length = 0; length <= 70; length++)
        {
            var data = new byte[length];
            rng.NextBytes(data);
            int split = rng.Next(length + 1);

            uint state = Crc32C.Append(Crc32C.Seed, data.AsSpan(0, split));
            uint crc = Crc32C.Finish(Crc32C.Append(state, data.AsSpan(split)));

            Assert.That(crc, Is.EqualTo(Crc32CReference.Compute(data)), $"length {length}, split at {split}");
        }
    }
}
