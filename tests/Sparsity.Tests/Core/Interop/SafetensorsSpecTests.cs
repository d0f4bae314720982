using System.Text;

using Sparsity.Core.Interop;

using static Sparsity.Tests.Core.Interop.SafetensorsBytes;

namespace Sparsity.Tests.Core.Interop;

/// <summary>
/// Files built byte by byte from the format specification (not by our writer) import correctly, and our writer's
/// bytes equal those the specification and the reference implementation's conventions prescribe.
/// </summary>
public class SafetensorsSpecTests
{
    private static readonly string[] OffsetOrder = ["s", "w", "e"];
    private static readonly string[] EscapedName = ["q\"b\\c\u0001\tΩ😀"];
    private static readonly float[] MinusHalf = [-0.5f];
    private static readonly float[] Seven = [7f];

    [Test]
    public void Read_HandBuiltFile_ReturnsTensorsShapesValuesAndMetadata()
    {
        // Entries out of offset order, a 0-d tensor, an empty tensor, metadata last, unknown key ignored, no padding.
        string header =
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[4,28]}," +
            "\"s\":{\"shape\":[],\"dtype\":\"F32\",\"data_offsets\":[0,4],\"extra\":[1,2]}," +
            "\"e\":{\"dtype\":\"F32\",\"shape\":[3,0],\"data_offsets\":[28,28]}," +
            "\"__metadata__\":{\"format\":\"pt\",\"note\":\"é \\\"q\\\"\"}}";
        byte[] file = File(header, F32(-0.5f), F32(1, 2, 3, 4, 5, float.NegativeInfinity));

        TensorMap map = Safetensors.Read(new MemoryStream(file));

        Assert.That(map.Names, Is.EqualTo(OffsetOrder));
        Assert.That(map["s"].Rank, Is.Zero);
        Assert.That(map["s"].Values, Is.EqualTo(MinusHalf));
        Assert.That(map["w"].HasShape(2, 3), Is.True);
        Assert.That(map["w"].Values, Is.EqualTo(new[] { 1f, 2, 3, 4, 5, float.NegativeInfinity }));
        Assert.That(map["w"].ToMatrix()[1, 2], Is.EqualTo(float.NegativeInfinity), "row-major");
        Assert.That(map["e"].HasShape(3, 0), Is.True);
        Assert.That(map["e"].Count, Is.Zero);
        Assert.That(map.Metadata["format"], Is.EqualTo("pt"));
        Assert.That(map.Metadata["note"], Is.EqualTo("é \"q\""));
    }

    [Test]
    public void Read_HeaderPaddedWithSpacesAndEmptyObject_ReturnsEmptyMap()
    {
        TensorMap map = Safetensors.Read(new MemoryStream(File("{}      ")));

        Assert.That(map.Count, Is.Zero);
        Assert.That(map.Metadata, Is.Empty);
    }

    [Test]
    public void Write_SmallMap_ProducesTheReferenceBytes()
    {
        var map = new TensorMap();
        map.Add("e", FloatTensor.Zeros(0, 3));
        map.Add("b", new FloatTensor([2], [1f, -2f]));
        map.Add("a", new FloatTensor([], [0.5f]));
        map.Metadata["k"] = "v\n";

        // Compact JSON, metadata first, tensors sorted by name and laid out in that order, padded to 8 bytes.
        string header =
            "{\"__metadata__\":{\"k\":\"v\\n\"}," +
            "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}," +
            "\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[12,12]}}";
        header += new string(' ', (8 - (Encoding.UTF8.GetByteCount(header) % 8)) % 8);
        byte[] expected = File(header, F32(0.5f), F32(1f, -2f));

        using var stream = new MemoryStream();
        Safetensors.Write(stream, map);

        Assert.That(Encoding.UTF8.GetString(stream.ToArray(), 8, Encoding.UTF8.GetByteCount(header)), Is.EqualTo(header));
        Assert.That(stream.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void Write_NamesNeedingEscapes_AreEscapedAsSerdeJsonDoes()
    {
        var map = new TensorMap();
        map.Add("q\"b\\c\u0001\tΩ😀", FloatTensor.Zeros());

        using var stream = new MemoryStream();
        Safetensors.Write(stream, map);
        string header = Encoding.UTF8.GetString(stream.ToArray(), 8, (int)BitConverter.ToUInt64(stream.ToArray(), 0));

        Assert.That(header, Does.StartWith("{\"q\\\"b\\\\c\\u0001\\tΩ😀\":{"));
        Assert.That(Safetensors.Read(new MemoryStream(stream.ToArray())).Names, Is.EqualTo(EscapedName));
    }

    [Test]
    public void Read_F64F16AndBf16_ConvertToTheNearestFloat()
    {
        string header =
            "{\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[24,32]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[32,36]}}";
        byte[] file = File(
            header,
            Raw(8, 0x3FF8000000000000, 0x3FB999999999999A, 0xC340000000000000), // 1.5, 0.1, -2^53
            Raw(2, 0x3E00, 0xC000, 0x7C00, 0x0001), // 1.5, -2, +inf, 2^-24 (smallest subnormal)
            Raw(2, 0x3FC0, 0xBF80)); // 1.5, -1

        TensorMap map = Safetensors.Read(new MemoryStream(file));

        Assert.That(map["d"].Values, Is.EqualTo(new[] { 1.5f, 0.1f, -9007199254740992f }));
        Assert.That(map["h"].Values, Is.EqualTo(new[] { 1.5f, -2f, float.PositiveInfinity, MathF.Pow(2, -24) }));
        Assert.That(map["b"].Values, Is.EqualTo(new[] { 1.5f, -1f }));
        Assert.That(map["b"].HasShape(2, 1), Is.True);
    }

    [TestCase("I64", 8)]
    [TestCase("BOOL", 1)]
    [TestCase("U8", 1)]
    public void Read_DtypeNotConvertible_ThrowsNamingDtypeButHeaderReads(string dtype, int size)
    {
        byte[] file = File($"{{\"t\":{{\"dtype\":\"{dtype}\",\"shape\":[2],\"data_offsets\":[0,{2 * size}]}}}}", new byte[2 * size]);

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Read(new MemoryStream(file)))!;
        SafetensorsHeader header = Safetensors.ReadHeader(new MemoryStream(file));

        Assert.That(e.Message, Does.Contain($"dtype {dtype}").And.Contain("'t'"));
        Assert.That(header.Entries.Single().Dtype, Is.EqualTo(dtype));
        Assert.That(header.FileBytes, Is.EqualTo(file.Length));
    }

    [Test]
    public void Read_ZeroSizeTensorsSharingAnOffset_AreAccepted()
    {
        string header =
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
            "\"c\":{\"dtype\":\"F32\",\"shape\":[2,0],\"data_offsets\":[4,4]}," +
            "\"d\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}";

        TensorMap map = Safetensors.Read(new MemoryStream(File(header, F32(7f))));

        Assert.That(map["b"].Values, Is.EqualTo(Seven));
        Assert.That(map.Count, Is.EqualTo(4));
    }
}
