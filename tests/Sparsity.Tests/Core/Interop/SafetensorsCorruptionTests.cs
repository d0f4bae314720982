using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

using static Sparsity.Tests.Core.Interop.SafetensorsBytes;

namespace Sparsity.Tests.Core.Interop;

/// <summary>
/// Damaged or hostile files are rejected with <see cref="InvalidDataException"/> naming the rule, never with another
/// exception and never after allocating what a hostile length asks for. Safetensors has no checksum, so a changed
/// byte inside a name or the data can still form a valid file; those cases must read as a valid map.
/// </summary>
public class SafetensorsCorruptionTests
{
    private static byte[] Bytes(TensorMap map)
    {
        using var stream = new MemoryStream();
        Safetensors.Write(stream, map);
        return stream.ToArray();
    }

    /// <summary>Reads seekably and through a pipe; true when both reject, false when both accept, any other outcome fails.</summary>
    private static bool Rejects(byte[] file, string what)
    {
        bool seekable = RejectsFrom(new MemoryStream(file));
        bool pipe = RejectsFrom(new TrickleStream(file, 5));
        if (seekable != pipe)
        {
            MatrixAssert.Fail($"{what}: seekable read rejects: {seekable}, pipe read rejects: {pipe}.");
        }

        return seekable;
    }

    private static bool RejectsFrom(Stream stream)
    {
        try
        {
            Safetensors.Read(stream);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

    [Test]
    public void Read_EveryTruncation_ThrowsInvalidData()
    {
        byte[] file = Bytes(TensorMaps.Build(5, 2, seed: 11));

        for (int length = 0; length < file.Length; length++)
        {
            Assert.That(Rejects(file[..length], $"{length} of {file.Length} bytes"), Is.True, $"{length} of {file.Length} bytes accepted");
        }

        Assert.That(Rejects(file, "whole file"), Is.False);
    }

    [SparsityProperty]
    public Property Read_GeneratedFileTruncatedAnywhere_ThrowsInvalidData() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        (map, pick) =>
        {
            byte[] file = Bytes(map);
            int length = pick % file.Length;
            if (!Rejects(file[..length], $"{map} cut to {length} of {file.Length} bytes"))
            {
                MatrixAssert.Fail($"{map} cut to {length} of {file.Length} bytes was accepted.");
            }
        });

    [SparsityProperty]
    public Property Read_GeneratedFileWithTrailingBytes_ThrowsInvalidData() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        Arb.From(Gen.Choose(1, 9)),
        (map, extra) =>
        {
            byte[] file = [.. Bytes(map), .. new byte[extra]];
            if (!Rejects(file, $"{map} + {extra} bytes"))
            {
                MatrixAssert.Fail($"{map} with {extra} trailing bytes was accepted.");
            }
        });

    [SparsityProperty]
    public Property Read_GeneratedFileWithAHeaderByteChanged_ThrowsInvalidDataOrReadsAValidMap() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        Arb.From(Gen.Choose(1, 255)),
        (map, pick, flip) =>
        {
            byte[] file = Bytes(map);
            int headerEnd = 8 + (int)BitConverter.ToUInt64(file, 0);
            int at = pick % headerEnd;
            file[at] ^= (byte)flip;

            // Any change of the length field moves the buffer boundary, so the sizes can no longer agree.
            bool rejected = Rejects(file, $"{map}, byte {at} ^ 0x{flip:X2}");
            if (at < 8 && !rejected)
            {
                MatrixAssert.Fail($"{map}: length-field byte {at} ^ 0x{flip:X2} was accepted.");
            }

            if (!rejected)
            {
                // Accepted (e.g. a changed letter in a name or a dtype spelled F32 again): the result must be a
                // well-formed map that survives its own round trip.
                TensorMap read = Safetensors.Read(new MemoryStream(file));
                if (!Safetensors.Read(new MemoryStream(Bytes(read))).BitwiseEquals(read))
                {
                    MatrixAssert.Fail($"{map}: the map read from the damaged file does not round-trip.");
                }
            }
        });

    [TestCase(0x8000_0000_0000_0000UL)]
    [TestCase(ulong.MaxValue)]
    [TestCase(0x1_0000_0000UL)]
    [TestCase(100_000_001UL)]
    [TestCase(100_000_000UL)]
    [TestCase(1_000_000UL)]
    public void Read_HostileHeaderLength_ThrowsWithoutAllocatingIt(ulong length)
    {
        byte[] file = FileWithLength(length, "{}"u8.ToArray());

        foreach (Func<Stream> open in new Func<Stream>[] { () => new MemoryStream(file), () => new TrickleStream(file, 3) })
        {
            Stream stream = open();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(stream))!;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.That(e.Message, Does.Contain("header length").Or.Contain("truncated"));
            Assert.That(allocated, Is.LessThan(1 << 20), $"length {length}: {allocated} bytes allocated");
        }
    }

    [Test]
    public void Read_HugeTensorDescribedInASmallFile_ThrowsWithoutAllocatingIt()
    {
        // 2^28 floats = 1 GiB described, 4 bytes present.
        byte[] file = File("{\"t\":{\"dtype\":\"F32\",\"shape\":[268435456],\"data_offsets\":[0,1073741824]}}", F32(1));

        foreach (Func<Stream> open in new Func<Stream>[] { () => new MemoryStream(file), () => new TrickleStream(file, 3) })
        {
            Stream stream = open();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(stream))!;
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.That(e.Message, Does.Contain("truncated"));
            Assert.That(allocated, Is.LessThan(4 << 20), $"{allocated} bytes allocated");
        }
    }

    private static IEnumerable<TestCaseData> MalformedHeaders()
    {
        const string F = "\"dtype\":\"F32\"";
        yield return Case("NotJson", "{\"a\":", 0, "not valid JSON");
        yield return Case("TrailingComma", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]},}", 4, "not valid JSON");
        yield return Case("RootArray", "[1,2]", 0, "starting with '{'");
        yield return Case("LeadingSpace", " {}", 0, "starting with '{'");
        yield return Case("EmptyHeader", string.Empty, 0, "empty header");
        yield return Case("EntryNumber", "{\"a\":3}", 0, "entry 'a' must be a JSON object");
        yield return Case("EntryArray", "{\"a\":[]}", 0, "entry 'a' must be a JSON object");
        yield return Case("NoDtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "entry 'a' has no 'dtype'");
        yield return Case("NoShape", "{\"a\":{" + F + ",\"data_offsets\":[0,4]}}", 4, "entry 'a' has no 'shape'");
        yield return Case("NoOffsets", "{\"a\":{" + F + ",\"shape\":[1]}}", 4, "entry 'a' has no 'data_offsets'");
        yield return Case("DtypeNumber", "{\"a\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "dtype of tensor 'a' must be a string");
        yield return Case("DtypeUnknown", "{\"a\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "unknown or unsupported dtype 'F31'");
        yield return Case("DtypeTwice", "{\"a\":{" + F + "," + F + ",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "two 'dtype' keys");
        yield return Case("ShapeNegative", "{\"a\":{" + F + ",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "dimension 0 of the shape of tensor 'a' must be a non-negative integer, but is -1");
        yield return Case("ShapeFraction", "{\"a\":{" + F + ",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4, "but is 1.5");
        yield return Case("ShapeExponent", "{\"a\":{" + F + ",\"shape\":[1e0],\"data_offsets\":[0,4]}}", 4, "but is 1e0");
        yield return Case("ShapeString", "{\"a\":{" + F + ",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", 4, "must be a non-negative integer");
        yield return Case("ShapeNotArray", "{\"a\":{" + F + ",\"shape\":1,\"data_offsets\":[0,4]}}", 4, "shape of tensor 'a' must be an array");
        yield return Case("ShapeHuge", "{\"a\":{" + F + ",\"shape\":[18446744073709551615],\"data_offsets\":[0,4]}}", 4, "beyond any file size");
        yield return Case("ShapeOverflow", "{\"a\":{" + F + ",\"shape\":[4611686018427387904,8],\"data_offsets\":[0,4]}}", 4, "overflows");
        yield return Case("ShapeBytesOverflow", "{\"a\":{" + F + ",\"shape\":[4611686018427387904],\"data_offsets\":[0,4]}}", 4, "overflows");
        yield return Case("OffsetsOne", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[4]}}", 4, "two non-negative integers");
        yield return Case("OffsetsThree", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 4, "two non-negative integers");
        yield return Case("OffsetsNegative", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[-4,0]}}", 4, "data_offsets[0] of tensor 'a'");
        yield return Case("OffsetsReversed", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "end before begin");
        yield return Case("OffsetsHuge", "{\"a\":{" + F + ",\"shape\":[0],\"data_offsets\":[18446744073709551615,18446744073709551615]}}", 0, "beyond any file size");
        yield return Case("SizeMismatch", "{\"a\":{" + F + ",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "needs 8 bytes");
        yield return Case("PastTheEnd", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "belong to no tensor");
        yield return Case("PastTheFileEnd", "{\"a\":{" + F + ",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "truncated");
        yield return Case("Overlap", "{\"a\":{" + F + ",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{" + F + ",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlaps tensor 'a'");
        yield return Case("Identical", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "overlaps");
        yield return Case("EmptyInside", "{\"a\":{" + F + ",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{" + F + ",\"shape\":[0],\"data_offsets\":[4,4]}}", 8, "overlaps");
        yield return Case("Hole", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{" + F + ",\"shape\":[1],\"data_offsets\":[8,12]}}", 12, "bytes [4, 8)");
        yield return Case("TrailingBytes", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]}}", 6, "2 bytes follow");
        yield return Case("DuplicateName", "{\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{" + F + ",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "names tensor 'a' twice");
        yield return Case("MetadataTwice", "{\"__metadata__\":{},\"__metadata__\":{}}", 0, "two '__metadata__'");
        yield return Case("MetadataNotObject", "{\"__metadata__\":[]}", 0, "must be a JSON object of strings");
        yield return Case("MetadataNumber", "{\"__metadata__\":{\"k\":1}}", 0, "metadata value 'k' must be a string");
        yield return Case("MetadataDuplicate", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "metadata key 'k' appears twice");
        yield return Case("LoneSurrogateEscape", "{\"\\ud800\":{" + F + ",\"shape\":[0],\"data_offsets\":[0,0]}}", 0, "Invalid safetensors file");
        yield return Case("TooDeep", "{\"a\":" + new string('[', 100) + new string(']', 100) + "}", 0, "not valid JSON");

        static TestCaseData Case(string name, string header, int dataBytes, string message) =>
            new TestCaseData(header, dataBytes, message).SetName($"Read_Malformed{name}_ThrowsNamingRule");
    }

    [TestCaseSource(nameof(MalformedHeaders))]
    public void Read_MalformedHeader_ThrowsNamingRule(string header, int dataBytes, string message)
    {
        byte[] file = File(header, new byte[dataBytes]);

        var fromMemory = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new MemoryStream(file)))!;
        var fromPipe = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new TrickleStream(file, 3)))!;

        Assert.That(fromMemory.Message, Does.Contain(message));
        Assert.That(fromPipe.Message, Does.StartWith("Invalid safetensors file"));
    }

    [Test]
    public void Read_InvalidUtf8InHeader_ThrowsInvalidData()
    {
        byte[] header = [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'{', (byte)'}', (byte)'}'];

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new MemoryStream(FileWithLength(null, header))))!;

        Assert.That(e.Message, Does.Contain("not valid UTF-8"));
    }

    /// <summary>Generated entry layouts: offsets drawn near a valid tiling, judged by an independent rule.</summary>
    [SparsityProperty]
    public Property Read_GeneratedOffsets_AcceptedExactlyWhenTheyTileTheBuffer() => Prop.ForAll(
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        seed =>
        {
            var rng = new Random(seed);
            int count = rng.Next(1, 5);
            var entries = new List<(string Name, int Elements, long Begin, long End)>();
            long offset = 0;
            for (int i = 0; i < count; i++)
            {
                int elements = rng.Next(0, 4);
                long begin = offset, end = offset + (4 * elements);
                switch (rng.Next(6))
                {
                    case 0: begin += rng.Next(-8, 9); break;
                    case 1: end += rng.Next(-8, 9); break;
                    case 2 or 3: long shift = 4 * rng.Next(-2, 3); begin += shift; end += shift; break; // holes and overlaps
                    default: break;
                }

                entries.Add(($"t{i}", elements, begin, end));
                offset = Math.Max(offset, end);
            }

            long dataBytes = Math.Max(0, offset + (rng.Next(4) == 0 ? rng.Next(-4, 5) : 0));
            string header = "{" + string.Join(",", entries.Select(e =>
                $"\"{e.Name}\":{{\"dtype\":\"F32\",\"shape\":[{e.Elements}],\"data_offsets\":[{e.Begin},{e.End}]}}")) + "}";
            byte[] file = File(header, new byte[dataBytes]);

            // Independent rule: sizes match, sorted by (begin, end) each begins where the previous ended, the last ends at dataBytes.
            bool valid = entries.All(e => e.Begin >= 0 && e.End - e.Begin == 4L * e.Elements);
            long covered = 0;
            foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                valid &= e.Begin == covered;
                covered = e.End;
            }

            valid &= covered == dataBytes;
            bool rejected = Rejects(file, header);
            if (rejected == valid)
            {
                MatrixAssert.Fail($"{header} + {dataBytes} data bytes: expected {(valid ? "accepted" : "rejected")}.");
            }
        });
}
