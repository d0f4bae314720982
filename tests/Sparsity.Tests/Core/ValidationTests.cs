using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core;

/// <summary>
/// The raw-array constructors reject every broken invariant with an <see cref="ArgumentException"/> whose
/// message names the position, and accept everything the generators produce.
/// </summary>
public class ValidationTests
{
    /// <summary>
    /// One valid compressed structure used for every format: 3 slices over a minor range of 5,
    /// slice 0 = {0, 2, 4}, slice 1 = {}, slice 2 = {1, 3}.
    /// </summary>
    private static readonly int[] ValidPointers = [0, 3, 3, 5];
    private static readonly int[] ValidIndices = [0, 2, 4, 1, 3];

    public enum Format
    {
        Csr,
        Csc,
        Bsr,
    }

    /// <summary>A corruption of (pointers, indices, value count) and the message text it must produce.</summary>
    public sealed record Corruption(string Name, Func<int[], int[], (int[] Pointers, int[] Indices, int ValueCount)> Apply, Func<ArrayNames, string> Expected)
    {
        public override string ToString() => Name;
    }

    /// <summary>The parameter names of one format and the word for its compressed axis.</summary>
    public sealed record ArrayNames(string Pointers, string Indices, string Major, int ValuesPerEntry);

    private static readonly Corruption[] Corruptions =
    [
        new("index out of range", (p, i) => (p, With(i, 2, 5), i.Length), n => $"{n.Indices}[2] = 5 ({n.Major} 0) is out of range"),
        new("negative index", (p, i) => (p, With(i, 3, -1), i.Length), n => $"{n.Indices}[3] = -1 ({n.Major} 2) is out of range"),
        new("duplicate index", (p, i) => (p, With(i, 1, 0), i.Length), n => $"{n.Indices}[1] = 0 ({n.Major} 0) is duplicate"),
        new("unsorted index", (p, i) => (p, With(i, 4, 0), i.Length), n => $"{n.Indices}[4] = 0 ({n.Major} 2) is unsorted"),
        new("non-monotone pointers", (p, i) => (With(p, 2, 2), i, i.Length), n => $"{n.Pointers}[2] = 2 < {n.Pointers}[1] = 3"),
        new("negative pointer", (p, i) => (With(p, 1, -1), i, i.Length), n => $"{n.Pointers}[1] = -1 < {n.Pointers}[0] = 0"),
        new("first pointer not 0", (p, i) => (With(p, 0, 1), i, i.Length), n => $"{n.Pointers}[0] must be 0, but is 1"),
        new("last pointer not NNZ", (p, i) => (With(p, 3, 4), i, i.Length), n => $"{n.Indices} must have length {n.Pointers}[3] = 4, but has length 5"),
        new("pointers too long", (p, i) => ([.. p, 5], i, i.Length), n => $"{n.Pointers} must have length 4"),
        new("pointers too short", (p, i) => (p[..^1], i, i.Length), n => $"{n.Pointers} must have length 4"),
        new("values too short", (p, i) => (p, i, i.Length - 1), n => $"values must have length {5 * n.ValuesPerEntry}"),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        from format in Enum.GetValues<Format>()
        from corruption in Corruptions
        select new TestCaseData(format, corruption).SetName($"Constructor_{format}With{PascalCase(corruption.Name)}_ThrowsNamingPosition");

    private static string PascalCase(string words) =>
        string.Concat(words.Split(' ', '-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    [TestCaseSource(nameof(Cases))]
    public void Constructor_CorruptedArrays_ThrowsNamingPosition(Format format, Corruption corruption)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        var (pointers, indices, valueCount) = corruption.Apply(ValidPointers, ValidIndices);
        ArrayNames names = Names(format);

        var e = Assert.Throws<ArgumentException>(() => Build(format, pointers, indices, valueCount * names.ValuesPerEntry))!;

        Assert.That(e.Message, Does.Contain(corruption.Expected(names)));
    }

    [TestCase(Format.Csr)]
    [TestCase(Format.Csc)]
    [TestCase(Format.Bsr)]
    public void Constructor_ValidArrays_Accepts(Format format)
    {
        Assert.DoesNotThrow(() => Build(format, ValidPointers, ValidIndices, ValidIndices.Length * Names(format).ValuesPerEntry));
    }

    [Test]
    public void Constructor_NegativeDimension_ThrowsArgumentOutOfRange()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new CsrMatrix(-1, 3, [0], [], []), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new CscMatrix(3, -1, [0], [], []), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new BsrMatrix(3, 3, 0, 1, [0], [], []), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new DenseMatrix(2, -2), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [SparsityProperty]
    public void Validate_GeneratedMatrices_Pass(CsrMatrix csr, CscMatrix csc, BsrMatrix bsr)
    {
        csr.Validate();
        csc.Validate();
        bsr.Validate();

        // The validating constructors accept the same arrays.
        _ = new CsrMatrix(csr.Rows, csr.Columns, csr.RowPointers, csr.ColumnIndices, csr.Values);
        _ = new CscMatrix(csc.Rows, csc.Columns, csc.ColumnPointers, csc.RowIndices, csc.Values);
        _ = new BsrMatrix(bsr.Rows, bsr.Columns, bsr.BlockRows, bsr.BlockColumns, bsr.BlockRowPointers, bsr.BlockColumnIndices, bsr.Values);
    }

    [SparsityProperty]
    public Property Constructor_GeneratedCsrWithOneIndexCorrupted_ThrowsNamingThatPosition() => Prop.ForAll(
        Arb.From(SparseGenerators.Csr().Where(c => c.Nnz > 0), SparseShrinkers.Csr),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        Arb.From(Gen.Elements(0, 1, 2)),
        (CsrMatrix csr, int pick, int kind) =>
        {
            int p = pick % csr.Nnz;
            int[] indices = csr.ColumnIndices.ToArray();
            int row = RowOf(csr, p);
            bool hasPrevious = p > csr.RowPointers[row];
            int bad = kind switch
            {
                0 => csr.Columns + (pick % 3),                              // out of range
                1 when hasPrevious => indices[p - 1],                       // duplicate of the previous entry
                _ => -1 - (pick % 3),                                       // negative
            };
            indices[p] = bad;

            var e = Assert.Throws<ArgumentException>(() => _ = new CsrMatrix(csr.Rows, csr.Columns, csr.RowPointers, indices, csr.Values))!;
            MatrixAssert.True(e.Message.Contains($"columnIndices[{p}] = {bad} (row {row})", StringComparison.Ordinal), $"{csr}, entry {p}: message \"{e.Message}\" does not name the position");
        });

    [SparsityProperty]
    public Property Constructor_GeneratedCsrWithOnePointerBelowItsPredecessor_ThrowsNamingThatPointer() => Prop.ForAll(
        Arb.From(SparseGenerators.Csr().Where(c => c.Rows > 0), SparseShrinkers.Csr),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        (CsrMatrix csr, int pick) =>
        {
            int[] pointers = csr.RowPointers.ToArray();
            int m = 1 + (pick % csr.Rows);
            pointers[m] = pointers[m - 1] - 1;

            var e = Assert.Throws<ArgumentException>(() => _ = new CsrMatrix(csr.Rows, csr.Columns, pointers, csr.ColumnIndices, csr.Values))!;
            string expected = $"rowPointers[{m}] = {pointers[m]} < rowPointers[{m - 1}] = {pointers[m - 1]}";
            MatrixAssert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{csr}: message \"{e.Message}\" does not contain \"{expected}\"");
        });

    private static int RowOf(CsrMatrix csr, int p)
    {
        int r = 0;
        while (csr.RowPointers[r + 1] <= p)
        {
            r++;
        }

        return r;
    }

    private static int[] With(int[] a, int at, int value)
    {
        var copy = (int[])a.Clone();
        copy[at] = value;
        return copy;
    }

    private static ArrayNames Names(Format format) => format switch
    {
        Format.Csr => new("rowPointers", "columnIndices", "row", 1),
        Format.Csc => new("columnPointers", "rowIndices", "column", 1),
        _ => new("blockRowPointers", "blockColumnIndices", "block row", 6),
    };

    /// <summary>3 major slices over 5 minor positions: CSR 3×5, CSC 5×3, BSR 6×15 in 2×3 blocks.</summary>
    private static void Build(Format format, int[] pointers, int[] indices, int valueCount)
    {
        var values = new float[valueCount];
        _ = format switch
        {
            Format.Csr => (object)new CsrMatrix(3, 5, pointers, indices, values),
            Format.Csc => new CscMatrix(5, 3, pointers, indices, values),
            _ => new BsrMatrix(6, 15, 2, 3, pointers, indices, values),
        };
    }
}
