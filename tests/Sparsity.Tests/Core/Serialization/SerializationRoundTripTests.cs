using System.Buffers.Binary;

using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Serialization;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core.Serialization;

/// <summary>Write then read gives back every bit, from one stream holding several records, seekable or not.</summary>
public class SerializationRoundTripTests
{
    [SparsityProperty]
    public Property WriteThenRead_AnyDense_IsBitExactAndConsumesTheRecord() => Prop.ForAll(
        Arb.From(SparseGenerators.Dense(ValueSet.WithSpecials), SparseShrinkers.Dense),
        (DenseMatrix dense) => MatrixAssert.BitwiseEqual(dense, RoundTrip(s => SparseSerializer.Write(s, dense), SparseSerializer.ReadDense)));

    [SparsityProperty]
    public void WriteThenRead_AnyMask_IsExactAndConsumesTheRecord(SparsityMask mask) =>
        MatrixAssert.BitwiseEqual(mask, RoundTrip(s => SparseSerializer.Write(s, mask), SparseSerializer.ReadMask));

    [SparsityProperty]
    public Property WriteThenRead_AnyCsr_IsBitExactAndConsumesTheRecord() => Prop.ForAll(
        Arb.From(SparseGenerators.Csr(ValueSet.WithSpecials), SparseShrinkers.Csr),
        (CsrMatrix csr) => MatrixAssert.BitwiseEqual(csr, RoundTrip(s => SparseSerializer.Write(s, csr), SparseSerializer.ReadCsr)));

    [SparsityProperty]
    public Property WriteThenRead_AnyCsc_IsBitExactAndConsumesTheRecord() => Prop.ForAll(
        Arb.From(SparseGenerators.Csc(ValueSet.WithSpecials), SparseShrinkers.Csc),
        (CscMatrix csc) => MatrixAssert.BitwiseEqual(csc, RoundTrip(s => SparseSerializer.Write(s, csc), SparseSerializer.ReadCsc)));

    [SparsityProperty]
    public Property WriteThenRead_AnyBsrWithSpecialPadding_IsBitExactAndConsumesTheRecord() => Prop.ForAll(
        Arb.From(SparseGenerators.Bsr(ValueSet.WithSpecials), SparseShrinkers.Bsr),
        (BsrMatrix bsr) => MatrixAssert.BitwiseEqual(bsr, RoundTrip(s => SparseSerializer.Write(s, bsr), SparseSerializer.ReadBsr)));

    [SparsityProperty]
    public Property Read_SeveralRecordsFromTrickleStream_ReturnsEachInOrderAndReadsNothingBeyond() => Prop.ForAll(
        Arb.From(SparseGenerators.Masked(ValueSet.WithSpecials), SparseShrinkers.Masked),
        Arb.From(SparseGenerators.Blocks()),
        Arb.From(Gen.Choose(1, 7)),
        (MaskedDense x, BlockShape shape, int chunk) =>
        {
            var csr = CsrMatrix.FromDense(x.Values, x.Mask);
            var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
            byte[] records = RecordKind.Bytes(s =>
            {
                SparseSerializer.Write(s, x.Values);
                SparseSerializer.Write(s, x.Mask);
                SparseSerializer.Write(s, csr);
                SparseSerializer.Write(s, csr.ToCsc());
                SparseSerializer.Write(s, bsr);
            });
            int bsrLength = RecordKind.Bytes(s => SparseSerializer.Write(s, bsr)).Length;

            // A pipe hands out a few bytes per read, cannot seek and has more data after the records.
            var pipe = new TrickleStream([.. records, 0xAB, 0xCD], chunk);
            MatrixAssert.BitwiseEqual(x.Values, SparseSerializer.ReadDense(pipe));
            MatrixAssert.BitwiseEqual(x.Mask, SparseSerializer.ReadMask(pipe));
            MatrixAssert.BitwiseEqual(csr, SparseSerializer.ReadCsr(pipe));
            MatrixAssert.BitwiseEqual(csr.ToCsc(), SparseSerializer.ReadCsc(pipe));
            int beforeLast = pipe.BytesRead;
            MatrixAssert.BitwiseEqual(bsr, SparseSerializer.ReadBsr(pipe));
            MatrixAssert.Equal(records.Length, pipe.BytesRead, "bytes consumed by the five records");
            MatrixAssert.Equal(bsrLength, pipe.BytesRead - beforeLast, "bytes consumed by the BSR record");
        });

    [Test]
    public void Read_SeveralRecordsInSeekableStream_StopsExactlyAtEachRecordEnd()
    {
        using var stream = new MemoryStream();
        var ends = new List<long>();
        SparseSerializer.Write(stream, RecordKind.SampleCsr());
        ends.Add(stream.Position);
        SparseSerializer.Write(stream, RecordKind.SampleBsr());
        ends.Add(stream.Position);
        SparseSerializer.Write(stream, RecordKind.SampleCsr().ToMask());
        ends.Add(stream.Position);
        stream.Write([1, 2, 3]);
        stream.Position = 0;

        CsrMatrix csr = SparseSerializer.ReadCsr(stream);
        long afterCsr = stream.Position;
        BsrMatrix bsr = SparseSerializer.ReadBsr(stream);
        long afterBsr = stream.Position;
        SparsityMask mask = SparseSerializer.ReadMask(stream);

        Assert.That(new[] { afterCsr, afterBsr, stream.Position }, Is.EqualTo(ends));
        MatrixAssert.BitwiseEqual(RecordKind.SampleCsr(), csr);
        MatrixAssert.BitwiseEqual(RecordKind.SampleBsr(), bsr);
        MatrixAssert.BitwiseEqual(RecordKind.SampleCsr().ToMask(), mask);
    }

    [Test]
    public void Read_LargeDenseFromTrickleStream_GrowsPastTheFirstChunk()
    {
        // 300×300 floats = 360 000 bytes, several times the reader's first allocation on a non-seekable stream.
        var rng = new Random(7);
        var dense = new DenseMatrix(300, 300);
        for (int i = 0; i < dense.Count; i++)
        {
            dense.AsSpan()[i] = rng.Next(10) == 0 ? SparseGenerators.SpecialValue(rng) : (float)rng.NextDouble();
        }

        byte[] bytes = RecordKind.Bytes(s => SparseSerializer.Write(s, dense));

        MatrixAssert.BitwiseEqual(dense, SparseSerializer.ReadDense(new TrickleStream(bytes, 5000)));
    }

    [Test]
    public void Write_SmallCsr_HasTheDocumentedLayout()
    {
        var csr = new CsrMatrix(2, 3, [0, 1, 2], [2, 0], [1.5f, -0f]);
        var expected = new List<byte>("SPCR"u8.ToArray());
        foreach (int field in new[] { 1, 2, 3, 3, 2, 2 })
        {
            AddInt32(expected, field);
        }

        AddInt32(expected, (int)Crc32CReference.Compute([.. expected]));
        foreach (int v in new[] { 0, 1, 2, 2, 0, BitConverter.SingleToInt32Bits(1.5f), BitConverter.SingleToInt32Bits(-0f) })
        {
            AddInt32(expected, v);
        }

        AddInt32(expected, (int)Crc32CReference.Compute([.. expected]));

        byte[] actual = RecordKind.Bytes(s => SparseSerializer.Write(s, csr));

        Assert.That(actual, Is.EqualTo(expected.ToArray()));
        Assert.That(SparseSerializer.FormatVersion, Is.EqualTo(1));
    }

    [Test]
    public void Write_Mask_PacksFlagsLeastSignificantBitFirst()
    {
        var mask = new SparsityMask(1, 10, [true, false, false, false, false, false, false, true, false, true]);

        byte[] bytes = RecordKind.Bytes(s => SparseSerializer.Write(s, mask));

        Assert.That((BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)), bytes[24], bytes[25]), Is.EqualTo((2, 0x81, 0x02)));
    }

    [Test]
    public void WriteAndRead_BadStreamArguments_Throw()
    {
        using var readOnly = new MemoryStream([], writable: false);
        var writeOnly = new TrickleStream([]);
        Assert.Multiple(() =>
        {
            Assert.That(() => SparseSerializer.Write(null!, RecordKind.SampleCsr()), Throws.ArgumentNullException);
            Assert.That(() => SparseSerializer.Write(new MemoryStream(), (CsrMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseSerializer.Write(readOnly, RecordKind.SampleCsr()), Throws.ArgumentException);
            Assert.That(() => SparseSerializer.Write(writeOnly, new DenseMatrix(1, 1)), Throws.ArgumentException);
            Assert.That(() => SparseSerializer.ReadCsr(null!), Throws.ArgumentNullException);
            Assert.That(() => SparseSerializer.ReadBsr(null!), Throws.ArgumentNullException);
        });
    }

    private static T RoundTrip<T>(Action<Stream> write, Func<Stream, T> read)
    {
        using var stream = new MemoryStream();
        write(stream);
        stream.Position = 0;
        T result = read(stream);
        MatrixAssert.Equal(stream.Length, stream.Position, $"{result}: stream position after reading");
        return result;
    }

    private static void AddInt32(List<byte> bytes, int value)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value);
        bytes.AddRange(buffer);
    }
}
