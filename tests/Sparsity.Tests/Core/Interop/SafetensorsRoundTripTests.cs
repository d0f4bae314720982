using System.Text;

using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core.Interop;

/// <summary>
/// Export then import is the identity, bit for bit (NaN payloads, −0, empty and 0-d tensors, escaped and non-ASCII
/// names, metadata), from seekable and non-seekable streams and files; and the bytes written are deterministic.
/// </summary>
public class SafetensorsRoundTripTests
{
    private static byte[] Bytes(TensorMap map)
    {
        using var stream = new MemoryStream();
        Safetensors.Write(stream, map);
        return stream.ToArray();
    }

    private static void RequireEqual(TensorMap expected, TensorMap actual, string what)
    {
        if (!expected.BitwiseEquals(actual))
        {
            MatrixAssert.Fail($"{what}: wrote {expected} but read {actual}.");
        }
    }

    [SparsityProperty]
    public Property WriteThenRead_GeneratedMaps_BitIdentical() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        map =>
        {
            byte[] file = Bytes(map);
            RequireEqual(map, Safetensors.Read(new MemoryStream(file)), "seekable");
            RequireEqual(map, Safetensors.Read(new TrickleStream(file, 7)), "non-seekable, 7-byte reads");
        });

    [SparsityProperty]
    public Property Write_AnyInsertionOrder_WritesIdenticalBytes() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        map =>
        {
            var reversed = new TensorMap();
            foreach (string name in map.Names.Reverse())
            {
                reversed.Add(name, map[name]);
            }

            foreach (var (key, value) in map.Metadata.Reverse())
            {
                reversed.Metadata[key] = value;
            }

            if (!Bytes(map).AsSpan().SequenceEqual(Bytes(reversed)))
            {
                MatrixAssert.Fail($"{map}: the bytes depend on insertion order.");
            }
        });

    [SparsityProperty]
    public Property Write_Header_IsPaddedWithSpacesToAMultipleOf8() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        map =>
        {
            byte[] file = Bytes(map);
            long n = (long)BitConverter.ToUInt64(file, 0);
            int close = Array.LastIndexOf(file, (byte)'}', (int)(8 + n - 1));
            int padding = (int)(8 + n - 1 - close);
            bool spaces = file.AsSpan(close + 1, padding).IndexOfAnyExcept((byte)' ') < 0;
            if (n % 8 != 0 || padding >= 8 || !spaces)
            {
                MatrixAssert.Fail($"{map}: header length {n}, {padding} padding bytes, all spaces: {spaces}.");
            }
        });

    [SparsityProperty]
    public Property Write_Layout_IsSortedByUtf8NameBytes() => Prop.ForAll(
        Arb.From(TensorMaps.Maps()),
        map =>
        {
            SafetensorsHeader header = Safetensors.ReadHeader(new MemoryStream(Bytes(map)));
            for (int i = 1; i < header.Entries.Count; i++)
            {
                byte[] a = Encoding.UTF8.GetBytes(header.Entries[i - 1].Name), b = Encoding.UTF8.GetBytes(header.Entries[i].Name);
                int order = 0;
                for (int k = 0; k < Math.Min(a.Length, b.Length) && order == 0; k++)
                {
                    order = a[k].CompareTo(b[k]);
                }

                if (order > 0 || (order == 0 && a.Length > b.Length))
                {
                    MatrixAssert.Fail($"{map}: '{header.Entries[i - 1].Name}' is laid out before '{header.Entries[i].Name}'.");
                }
            }
        });

    [Test]
    public void WriteFile_ThenReadFile_RoundTripsOverwritesAndLeavesNoTemporaryFile()
    {
        string folder = Directory.CreateTempSubdirectory("sparsity-safetensors-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            TensorMap first = TensorMaps.Build(4, 1, seed: 1), second = TensorMaps.Build(3, 2, seed: 2);

            Safetensors.WriteFile(path, first);
            Safetensors.WriteFile(path, second);

            Assert.That(Safetensors.ReadFile(path).BitwiseEquals(second), Is.True);
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void WriteFile_NameWithLoneSurrogate_ThrowsAndKeepsTheOldFile()
    {
        string folder = Directory.CreateTempSubdirectory("sparsity-safetensors-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.safetensors");
            TensorMap good = TensorMaps.Build(2, 0, seed: 3);
            Safetensors.WriteFile(path, good);
            var bad = new TensorMap();
            bad.Add("broken\uD800", FloatTensor.Zeros(2));

            var e = Assert.Throws<ArgumentException>(() => Safetensors.WriteFile(path, bad))!;

            Assert.That(e.Message, Does.Contain("lone surrogate"));
            Assert.That(Safetensors.ReadFile(path).BitwiseEquals(good), Is.True);
            Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Write_ReservedMetadataName_IsRejectedByTheMap()
    {
        var map = new TensorMap();

        Assert.Throws<ArgumentException>(() => map.Add(Safetensors.MetadataKey, FloatTensor.Zeros()));
    }
}
