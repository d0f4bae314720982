using System.Buffers.Binary;

using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Serialization;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core.Serialization;

/// <summary>
/// Damaged records are always rejected with <see cref="InvalidDataException"/>, never read as some other
/// matrix: every truncation, every single-byte change, every burst of up to 4 bytes, wrong magic or version,
/// lengths that disagree or exceed the stream, and structurally invalid content behind valid checksums.
/// </summary>
public class SerializationCorruptionTests
{
    private static readonly byte[] Flips = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF, 0x5A];

    private static IEnumerable<RecordKind> Kinds() => RecordKind.All;

    [TestCaseSource(nameof(Kinds))]
    public void Read_EveryTruncation_ThrowsInvalidData(RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        byte[] record = kind.Sample();

        for (int length = 0; length < record.Length; length++)
        {
            byte[] prefix = record[..length];
            var fromMemory = Assert.Throws<InvalidDataException>(() => kind.Read(new MemoryStream(prefix)), $"{kind}: {length} of {record.Length} bytes, seekable")!;
            var fromPipe = Assert.Throws<InvalidDataException>(() => kind.Read(new TrickleStream(prefix, 3)), $"{kind}: {length} of {record.Length} bytes, pipe")!;
            Assert.That(fromMemory.Message + fromPipe.Message, Does.Contain("truncated"), $"{kind}: {length} bytes");
        }

        Assert.That(kind.Read(new MemoryStream(record)), Is.Not.Null);
    }

    [TestCaseSource(nameof(Kinds))]
    public void Read_EverySingleByteChange_ThrowsInvalidData(RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        byte[] record = kind.Sample();

        for (int at = 0; at < record.Length; at++)
        {
            foreach (byte flip in Flips)
            {
                byte[] damaged = (byte[])record.Clone();
                damaged[at] ^= flip;
                Assert.Throws<InvalidDataException>(() => kind.Read(new MemoryStream(damaged)), $"{kind}: byte {at} ^ 0x{flip:X2} was accepted");
            }
        }
    }

    [SparsityProperty]
    public Property Read_GeneratedRecordWithBurstOfUpTo4BytesChanged_ThrowsInvalidData() => Prop.ForAll(
        Arb.From(SparseGenerators.Masked(ValueSet.WithSpecials), SparseShrinkers.Masked),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        Arb.From(Gen.Choose(0, 4 * 5 - 1)),
        (MaskedDense x, int pick, int choice) =>
        {
            // A CRC catches every burst of at most 32 bits; magic and version are checked separately.
            int kind = choice % 5, burst = 1 + (choice / 5);
            var csr = CsrMatrix.FromDense(x.Values, x.Mask);
            var (write, read) = kind switch
            {
                0 => ((Action<Stream>)(s => SparseSerializer.Write(s, x.Values)), (Func<Stream, object>)SparseSerializer.ReadDense),
                1 => (s => SparseSerializer.Write(s, x.Mask), SparseSerializer.ReadMask),
                2 => (s => SparseSerializer.Write(s, csr), SparseSerializer.ReadCsr),
                3 => (s => SparseSerializer.Write(s, csr.ToCsc()), SparseSerializer.ReadCsc),
                _ => (s => SparseSerializer.Write(s, csr.ToBsr(4, 1)), SparseSerializer.ReadBsr),
            };
            byte[] record = RecordKind.Bytes(write);
            var rng = new Random(pick);
            int at = pick % record.Length;
            record[at] ^= (byte)rng.Next(1, 256);
            for (int i = at + 1; i < Math.Min(record.Length, at + burst); i++)
            {
                record[i] ^= (byte)rng.Next(256);
            }

            try
            {
                object accepted = read(new MemoryStream(record));
                MatrixAssert.Fail($"{x}: record kind {kind} with a {burst}-byte burst at {at} was read as {accepted}.");
            }
            catch (InvalidDataException)
            {
            }
        });

    [Test]
    public void Read_OtherRecordType_ThrowsNamingBothMagics()
    {
        byte[] csr = RecordKind.Bytes(s => SparseSerializer.Write(s, RecordKind.SampleCsr()));

        var e = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadCsc(new MemoryStream(csr)))!;

        Assert.That(e.Message, Does.Contain("CscMatrix record: wrong magic").And.Contain("\"SPCC\"").And.Contain("\"SPCR\""));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Read_UnsupportedVersion_ThrowsNamingTheVersion(RecordKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        byte[] record = RecordPatch.SetInt32(kind.Sample(), kind.HeaderChecksumOffset, 4, 2);

        var e = Assert.Throws<InvalidDataException>(() => kind.Read(new MemoryStream(record)))!;

        Assert.That(e.Message, Does.Contain("unsupported format version 2"));
    }

    private static IEnumerable<TestCaseData> InconsistentHeaders()
    {
        RecordKind dense = RecordKind.All[0], mask = RecordKind.All[2], csr = RecordKind.All[4], csc = RecordKind.All[6], bsr = RecordKind.All[8];
        yield return Case(dense, 8, -2, "'rows' is -2");
        yield return Case(dense, 12, 4, "'valueCount' is 6, but must be 8");
        yield return Case(dense, 16, 5, "'valueCount' is 5, but must be 6");
        yield return Case(mask, 16, 3, "'byteCount' is 3, but must be 2");
        yield return Case(mask, 12, -5, "'columns' is -5");
        yield return Case(csr, 16, 5, "'pointerCount' is 5, but must be 4");
        yield return Case(csr, 24, 3, "'valueCount' is 3, but must be 4");
        yield return Case(csr, 20, -1, "'indexCount' is -1");
        yield return Case(csc, 12, 5, "'pointerCount' is 5, but must be 6");
        yield return Case(bsr, 16, 0, "'blockRows' is 0");
        yield return Case(bsr, 20, -3, "'blockColumns' is -3");
        yield return Case(bsr, 32, 9, "'valueCount' is 9, but must be 8");

        static TestCaseData Case(RecordKind kind, int offset, int value, string message) =>
            new TestCaseData(kind, offset, value, message).SetName($"Read_{kind.Magic}FieldAt{offset}SetTo{value}_ThrowsNamingField");
    }

    [TestCaseSource(nameof(InconsistentHeaders))]
    public void Read_InconsistentHeaderWithValidChecksums_ThrowsNamingField(RecordKind kind, int offset, int value, string message)
    {
        ArgumentNullException.ThrowIfNull(kind);
        byte[] record = RecordPatch.SetInt32(kind.Sample(), kind.HeaderChecksumOffset, offset, value);

        var e = Assert.Throws<InvalidDataException>(() => kind.Read(new MemoryStream(record)))!;

        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void Read_HugeLengthsInSeekableStream_ThrowsBeforeAllocating()
    {
        // 46 000 × 46 000 floats is 8.5 GB: a valid array size, but not what the stream holds.
        byte[] dense = RecordKind.Bytes(s => SparseSerializer.Write(s, new DenseMatrix(1, 1)));
        dense = RecordPatch.SetInt32(dense, 20, 8, 46_000);
        dense = RecordPatch.SetInt32(dense, 20, 12, 46_000);
        dense = RecordPatch.SetInt32(dense, 20, 16, 46_000 * 46_000);
        byte[] csr = RecordPatch.SetInt32(RecordKind.All[4].Sample(), 28, 20, int.MaxValue - 64);
        csr = RecordPatch.SetInt32(csr, 28, 24, int.MaxValue - 64);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var denseError = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadDense(new MemoryStream(dense)))!;
        var csrError = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadCsr(new MemoryStream(csr)))!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(denseError.Message, Does.Contain("remain in the stream"));
        Assert.That(csrError.Message, Does.Contain("remain in the stream"));
        Assert.That(allocated, Is.LessThan(64 * 1024), "bytes allocated while rejecting");
    }

    [Test]
    public void Read_HugeLengthsInNonSeekableStream_AllocatesOnlyAsDataArrives()
    {
        byte[] dense = RecordKind.Bytes(s => SparseSerializer.Write(s, new DenseMatrix(1, 1)));
        dense = RecordPatch.SetInt32(dense, 20, 8, 46_000);
        dense = RecordPatch.SetInt32(dense, 20, 12, 46_000);
        dense = RecordPatch.SetInt32(dense, 20, 16, 46_000 * 46_000);
        byte[] bsr = RecordPatch.SetInt32(RecordKind.All[8].Sample(), 36, 28, 100_000_000);
        bsr = RecordPatch.SetInt32(bsr, 36, 32, 400_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var denseError = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadDense(new TrickleStream(dense)))!;
        var bsrError = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadBsr(new TrickleStream(bsr)))!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(denseError.Message, Does.Contain("truncated in field 'values'"));
        Assert.That(bsrError.Message, Does.Contain("truncated in field 'blockColumnIndices'"));
        Assert.That(allocated, Is.LessThan(1024 * 1024), "bytes allocated while rejecting");
    }

    [Test]
    public void Read_ShapeBeyondArrayLimits_Throws()
    {
        byte[] mask = RecordPatch.SetInt32(RecordKind.All[2].Sample(), 20, 8, int.MaxValue);
        mask = RecordPatch.SetInt32(mask, 20, 12, int.MaxValue);

        var e = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadMask(new MemoryStream(mask)))!;

        Assert.That(e.Message, Does.Contain("more than an array can hold"));
    }

    private static IEnumerable<TestCaseData> StructurallyInvalid()
    {
        // CSR sample: pointers at 32..47, column indices at 48..63.
        yield return new TestCaseData(RecordKind.All[4], 52, 0, "columnIndices[1] = 0 (row 0) is duplicate").SetName("Read_CsrWithDuplicateColumn_ThrowsWithInnerArgumentException");
        yield return new TestCaseData(RecordKind.All[4], 56, 7, "columnIndices[2] = 7 (row 2) is out of range").SetName("Read_CsrWithColumnOutOfRange_ThrowsWithInnerArgumentException");
        yield return new TestCaseData(RecordKind.All[4], 36, 3, "rowPointers[2] = 2 < rowPointers[1] = 3").SetName("Read_CsrWithDecreasingPointers_ThrowsWithInnerArgumentException");
        yield return new TestCaseData(RecordKind.All[4], 32, 1, "rowPointers[0] must be 0").SetName("Read_CsrWithFirstPointerNotZero_ThrowsWithInnerArgumentException");
        yield return new TestCaseData(RecordKind.All[4], 44, 3, "columnIndices must have length rowPointers[3] = 3").SetName("Read_CsrWithLastPointerNotNnz_ThrowsWithInnerArgumentException");

        // CSC sample (5 column pointers at 32..51, row indices at 52..67): rows of column 0 = {0}, column 1 = {2}.
        yield return new TestCaseData(RecordKind.All[6], 52, 3, "rowIndices[0] = 3 (column 0) is out of range").SetName("Read_CscWithRowOutOfRange_ThrowsWithInnerArgumentException");

        // BSR sample: block-row pointers at 40..51, block column indices at 52..59.
        yield return new TestCaseData(RecordKind.All[8], 52, 3, "blockColumnIndices[0] = 3 (block row 0) is out of range").SetName("Read_BsrWithBlockColumnOutOfRange_ThrowsWithInnerArgumentException");
    }

    [TestCaseSource(nameof(StructurallyInvalid))]
    public void Read_StructurallyInvalidContentWithValidChecksums_ThrowsWithInnerArgumentException(RecordKind kind, int offset, int value, string message)
    {
        ArgumentNullException.ThrowIfNull(kind);
        byte[] record = RecordPatch.SetInt32(kind.Sample(), kind.HeaderChecksumOffset, offset, value);

        var e = Assert.Throws<InvalidDataException>(() => kind.Read(new MemoryStream(record)))!;

        Assert.That(e.Message, Does.Contain("structurally invalid").And.Contain(message));
        Assert.That(e.InnerException, Is.InstanceOf<ArgumentException>());
    }

    [Test]
    public void Read_MaskWithUnusedBitSet_Throws()
    {
        // 3×5 = 15 flags: bit 7 of the second flag byte (offset 25) is unused.
        byte[] record = RecordKind.All[2].Sample();
        record[25] |= 0x80;
        RecordPatch.Reseal(record, 20);

        var e = Assert.Throws<InvalidDataException>(() => SparseSerializer.ReadMask(new MemoryStream(record)))!;

        Assert.That(e.Message, Does.Contain("unused bits"));
    }

    [Test]
    public void Read_SampleFieldsAtDocumentedOffsets_AreWhatThePatchesAssume()
    {
        // Guards the offsets used above: if the layout moved, the patch tests would test nothing.
        byte[] csr = RecordKind.All[4].Sample();
        byte[] bsr = RecordKind.All[8].Sample();

        Assert.That(
            (BinaryPrimitives.ReadInt32LittleEndian(csr.AsSpan(44)), BinaryPrimitives.ReadInt32LittleEndian(csr.AsSpan(52)), BinaryPrimitives.ReadInt32LittleEndian(bsr.AsSpan(52))),
            Is.EqualTo((4, 2, 2)));
    }
}
