using System.Text;

namespace Sparsity.Core.Serialization;

/// <summary>
/// Identity of one record type: the four ASCII bytes that open it and the name used in error messages.
/// The layout of every record is described on <see cref="SparseSerializer"/>.
/// </summary>
internal sealed class RecordFormat
{
    /// <summary>The only version this library writes and reads.</summary>
    public const uint Version = 1;

    private RecordFormat(string magic, string name)
    {
        Magic = Encoding.ASCII.GetBytes(magic);
        MagicText = magic;
        Name = name;
    }

    /// <summary>Dense row-major matrix.</summary>
    public static RecordFormat Dense { get; } = new("SPDM", "DenseMatrix");

    /// <summary>Bit-packed sparsity mask.</summary>
    public static RecordFormat Mask { get; } = new("SPMK", "SparsityMask");

    /// <summary>Compressed sparse row matrix.</summary>
    public static RecordFormat Csr { get; } = new("SPCR", "CsrMatrix");

    /// <summary>Compressed sparse column matrix.</summary>
    public static RecordFormat Csc { get; } = new("SPCC", "CscMatrix");

    /// <summary>Block compressed sparse row matrix.</summary>
    public static RecordFormat Bsr { get; } = new("SPBS", "BsrMatrix");

    /// <summary>The four magic bytes.</summary>
    public byte[] Magic { get; }

    /// <summary>The magic as text.</summary>
    public string MagicText { get; }

    /// <summary>The type name used in messages.</summary>
    public string Name { get; }
}
