using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core;

/// <summary>Counts, sizes, non-finite detection and the rule that the structure is the mask.</summary>
public class StorageTests
{
    private static readonly float[] NonFiniteValues = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(unchecked((int)0xFF80_0001))];

    [SparsityProperty]
    public void NnzAndDensity_CsrAndCsc_CountStoredEntriesIncludingZeros(MaskedDense x)
    {
        var csr = CsrMatrix.FromDense(x.Values, x.Mask);
        var csc = CscMatrix.FromDense(x.Values, x.Mask);
        double expectedDensity = x.Rows * x.Columns == 0 ? 0.0 : (double)x.Mask.KeptCount / (x.Rows * x.Columns);

        MatrixAssert.Equal(x.Mask.KeptCount, csr.Nnz, $"{csr}: NNZ");
        MatrixAssert.Equal(x.Mask.KeptCount, csc.Nnz, $"{csc}: NNZ");
        MatrixAssert.Equal(expectedDensity, csr.Density, $"{csr}: Density");
        MatrixAssert.Equal(expectedDensity, csc.Density, $"{csc}: Density");
        MatrixAssert.Equal(expectedDensity, x.Mask.Density, $"{x.Mask}: Density");
        MatrixAssert.Equal(x.Rows * x.Columns == 0 ? 0.0 : 1.0 - expectedDensity, x.Mask.Sparsity, $"{x.Mask}: Sparsity");
    }

    [SparsityProperty]
    public void NnzAndDensity_Bsr_CountInMatrixEntriesOfStoredBlocksOnly(BsrMatrix bsr)
    {
        int expected = StorageReference.StoredEntries(bsr).KeptCount;

        MatrixAssert.Equal((long)expected, bsr.Nnz, $"{bsr}: NNZ");
        MatrixAssert.Equal(bsr.Rows * bsr.Columns == 0 ? 0.0 : (double)expected / (bsr.Rows * bsr.Columns), bsr.Density, $"{bsr}: Density");
    }

    [SparsityProperty]
    public void MemoryBytes_EveryFormat_CountsItsArrays(MaskedDense x, BlockShape shape)
    {
        var csr = CsrMatrix.FromDense(x.Values, x.Mask);
        var csc = CscMatrix.FromDense(x.Values, x.Mask);
        var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
        long nnz = x.Mask.KeptCount;

        MatrixAssert.Equal(4L * x.Rows * x.Columns, x.Values.MemoryBytes, $"{x.Values}: MemoryBytes");
        MatrixAssert.Equal(4L * (x.Rows + 1 + (2 * nnz)), csr.MemoryBytes, $"{csr}: MemoryBytes");
        MatrixAssert.Equal(4L * (x.Columns + 1 + (2 * nnz)), csc.MemoryBytes, $"{csc}: MemoryBytes");
        long blockRows = (x.Rows + shape.Rows - 1) / shape.Rows;
        MatrixAssert.Equal(4L * (blockRows + 1 + bsr.BlockCount + ((long)bsr.BlockCount * shape.Rows * shape.Columns)), bsr.MemoryBytes, $"{bsr}: MemoryBytes");
    }

    [Test]
    public void Density_EmptyShapes_IsZero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CsrMatrix.FromDense(new DenseMatrix(0, 5)).Density, Is.Zero);
            Assert.That(CscMatrix.FromDense(new DenseMatrix(5, 0)).Density, Is.Zero);
            Assert.That(new BsrMatrix(0, 0, 4, 4, [0], [], []).Density, Is.Zero);
            Assert.That(SparsityMask.Full(0, 3).Sparsity, Is.Zero);
        });
    }

    [SparsityProperty]
    public Property HasNonFinite_OneNonFiniteStoredValue_ReturnsTrueInEveryFormat() => Prop.ForAll(
        Arb.From(SparseGenerators.Masked().Where(x => x.Mask.KeptCount > 0), SparseShrinkers.Masked),
        Arb.From(Gen.Choose(0, int.MaxValue - 1)),
        Arb.From(Gen.Zip(Gen.Elements(NonFiniteValues), SparseGenerators.Blocks(), (bad, shape) => (bad, shape))),
        (MaskedDense x, int pick, (float Bad, BlockShape Shape) choice) =>
        {
            var (bad, shape) = choice;
            var csr = CsrMatrix.FromDense(x.Values, x.Mask);
            var csc = CscMatrix.FromDense(x.Values, x.Mask);
            var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
            MatrixAssert.True(!csr.HasNonFinite() && !csc.HasNonFinite() && !bsr.HasNonFinite() && !x.Values.HasNonFinite(), $"{csr}: finite values reported as non-finite");

            csr.Values[pick % csr.Nnz] = bad;
            csc.Values[pick % csc.Nnz] = bad;
            DenseMatrix dense = x.Values.Clone();
            dense.AsSpan()[pick % dense.Count] = bad;
            int inMatrix = InMatrixValueIndex(bsr, pick);
            bsr.Values[inMatrix] = bad;

            MatrixAssert.True(csr.HasNonFinite(), $"{csr}: {MatrixAssert.Show(bad)} at {pick % csr.Nnz} not found");
            MatrixAssert.True(csc.HasNonFinite(), $"{csc}: {MatrixAssert.Show(bad)} at {pick % csc.Nnz} not found");
            MatrixAssert.True(bsr.HasNonFinite(), $"{bsr}: {MatrixAssert.Show(bad)} at {inMatrix} not found");
            MatrixAssert.True(dense.HasNonFinite(), $"{dense}: {MatrixAssert.Show(bad)} not found");
        });

    [SparsityProperty]
    public void HasNonFinite_NonFiniteOnlyInBsrPadding_ReturnsFalse(BsrMatrix bsr)
    {
        SparseGenerators.ForEachPadding(bsr, at => bsr.Values[at] = float.NaN);

        MatrixAssert.True(!bsr.HasNonFinite(), $"{bsr}: NaN in padding reported");
    }

    [Test]
    public void HasNonFinite_BsrPaddingThenInMatrixEntry_OnlyTheLatterCounts()
    {
        // 3×3 in 2×2 blocks; block (1,1) covers (2,2) only, the other three values are padding.
        var bsr = new BsrMatrix(3, 3, 2, 2, [0, 0, 1], [1], [1f, float.NaN, float.PositiveInfinity, float.NaN]);

        bool paddingOnly = bsr.HasNonFinite();
        bsr.Values[0] = float.NegativeInfinity;

        Assert.That((paddingOnly, bsr.HasNonFinite()), Is.EqualTo((false, true)));
    }

    [SparsityProperty]
    public void Values_WriteZeroIntoEveryStoredEntry_KeepsEveryEntry(MaskedDense x, BlockShape shape)
    {
        var csr = CsrMatrix.FromDense(x.Values, x.Mask);
        var csc = CscMatrix.FromDense(x.Values, x.Mask);
        var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
        SparsityMask bsrPattern = bsr.ToMask();
        long bsrNnz = bsr.Nnz;

        csr.Values.Clear();
        csc.Values.Clear();
        bsr.Values.Clear();

        MatrixAssert.Equal(x.Mask.KeptCount, csr.Nnz, $"{csr}: NNZ after writing zeros");
        MatrixAssert.BitwiseEqual(x.Mask, csr.ToMask());
        MatrixAssert.BitwiseEqual(x.Mask, csc.ToMask());
        MatrixAssert.BitwiseEqual(x.Mask, csr.ToCsc().ToCsr().ToMask());
        MatrixAssert.BitwiseEqual(bsrPattern, bsr.ToMask());
        MatrixAssert.Equal(bsrNnz, bsr.Nnz, $"{bsr}: NNZ after writing zeros");
        MatrixAssert.Equal((long)bsrNnz, (long)bsr.ToCsr().Nnz, $"{bsr}: CSR NNZ after writing zeros");
        csr.Validate();
        csc.Validate();
        bsr.Validate();
    }

    [SparsityProperty]
    public void Clone_ThenOverwriteValues_LeavesOriginalUnchanged(CsrMatrix csr, CscMatrix csc, BsrMatrix bsr)
    {
        CsrMatrix csrCopy = csr.Clone();
        CscMatrix cscCopy = csc.Clone();
        BsrMatrix bsrCopy = bsr.Clone();
        MatrixAssert.BitwiseEqual(csr, csrCopy);
        MatrixAssert.BitwiseEqual(csc, cscCopy);
        MatrixAssert.BitwiseEqual(bsr, bsrCopy);
        CsrMatrix csrBefore = csr.ToCsc().ToCsr();

        csrCopy.Values.Fill(7f);
        cscCopy.Values.Fill(7f);
        bsrCopy.Values.Fill(7f);

        MatrixAssert.BitwiseEqual(csrBefore, csr);
        MatrixAssert.True(!csc.Values.Contains(7f) && !bsr.Values.Contains(7f), $"{csc} / {bsr}: a clone aliases its source");
    }

    [Test]
    public void Constructor_RawArrays_AreCopied()
    {
        int[] pointers = [0, 1];
        int[] indices = [0];
        float[] values = [1f];

        var csr = new CsrMatrix(1, 1, pointers, indices, values);
        pointers[1] = 5;
        indices[0] = 9;
        values[0] = 2f;

        csr.Validate();
        Assert.That(csr.Values[0], Is.EqualTo(1f));
    }

    /// <summary>Index into <see cref="BsrMatrix.Values"/> of an in-matrix (not padding) entry, chosen by <paramref name="pick"/>.</summary>
    private static int InMatrixValueIndex(BsrMatrix bsr, int pick)
    {
        var padding = new HashSet<int>();
        SparseGenerators.ForEachPadding(bsr, at => padding.Add(at));
        int[] inside = Enumerable.Range(0, bsr.Values.Length).Where(i => !padding.Contains(i)).ToArray();
        return inside[pick % inside.Length];
    }
}
