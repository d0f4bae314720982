using Sparsity.Core.Dense;
using Sparsity.Core.Serialization;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Core.Serialization;

/// <summary>
/// One record type with a small sample of it, so that exhaustive corruption tests can run over every type:
/// the sample's bytes, a reader, and the documented offset of its header checksum.
/// </summary>
public sealed record RecordKind(string Name, string Magic, int HeaderChecksumOffset, Func<byte[]> Sample, Func<Stream, object> Read)
{
    /// <summary>Samples with NaN payloads, stored zeros, empty rows, ragged BSR padding and unused mask bits, plus empty shapes.</summary>
    public static IReadOnlyList<RecordKind> All { get; } =
    [
        new("DenseMatrix", "SPDM", 20, () => Bytes(s => SparseSerializer.Write(s, new DenseMatrix(2, 3, [1f, -0f, float.NaN, BitConverter.Int32BitsToSingle(0x7F80_0001), 0f, float.NegativeInfinity]))), s => SparseSerializer.ReadDense(s)),
        new("DenseMatrix (0×0)", "SPDM", 20, () => Bytes(s => SparseSerializer.Write(s, new DenseMatrix(0, 0))), s => SparseSerializer.ReadDense(s)),
        new("SparsityMask", "SPMK", 20, () => Bytes(s => SparseSerializer.Write(s, new SparsityMask(3, 5, [true, false, false, true, true, false, false, false, false, false, true, true, true, true, true]))), s => SparseSerializer.ReadMask(s)),
        new("SparsityMask (0×4)", "SPMK", 20, () => Bytes(s => SparseSerializer.Write(s, new SparsityMask(0, 4, []))), s => SparseSerializer.ReadMask(s)),
        new("CsrMatrix", "SPCR", 28, () => Bytes(s => SparseSerializer.Write(s, SampleCsr())), s => SparseSerializer.ReadCsr(s)),
        new("CsrMatrix (3×0)", "SPCR", 28, () => Bytes(s => SparseSerializer.Write(s, new CsrMatrix(3, 0, [0, 0, 0, 0], [], []))), s => SparseSerializer.ReadCsr(s)),
        new("CscMatrix", "SPCC", 28, () => Bytes(s => SparseSerializer.Write(s, SampleCsr().ToCsc())), s => SparseSerializer.ReadCsc(s)),
        new("CscMatrix (0×0)", "SPCC", 28, () => Bytes(s => SparseSerializer.Write(s, new CscMatrix(0, 0, [0], [], []))), s => SparseSerializer.ReadCsc(s)),
        new("BsrMatrix", "SPBS", 36, () => Bytes(s => SparseSerializer.Write(s, SampleBsr())), s => SparseSerializer.ReadBsr(s)),
        new("BsrMatrix (0×5)", "SPBS", 36, () => Bytes(s => SparseSerializer.Write(s, new BsrMatrix(0, 5, 4, 1, [0], [], []))), s => SparseSerializer.ReadBsr(s)),
    ];

    /// <summary>3×4: row 0 = {0: 1, 2: stored 0}, row 1 empty, row 2 = {1: NaN payload, 3: −2}.</summary>
    /// <returns>The matrix.</returns>
    public static CsrMatrix SampleCsr() => new(3, 4, [0, 2, 2, 4], [0, 2, 1, 3], [1f, 0f, BitConverter.Int32BitsToSingle(0x7FC0_1234), -2f]);

    /// <summary>3×5 in 2×2 blocks, blocks (0,2) and (1,0), with NaN in the padding.</summary>
    /// <returns>The matrix.</returns>
    public static BsrMatrix SampleBsr() => new(3, 5, 2, 2, [0, 1, 2], [2, 0], [1f, float.NaN, 0f, float.NaN, 3f, 4f, float.NaN, float.NaN]);

    /// <summary>The bytes <paramref name="write"/> puts into a fresh stream.</summary>
    /// <param name="write">Writes one or more records.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Bytes(Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
