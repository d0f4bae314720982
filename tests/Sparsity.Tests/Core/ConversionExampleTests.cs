using Sparsity.Core.Conversions;
using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core;

/// <summary>Hand-checked conversions: exact arrays for small cases, empty shapes, ragged blocks and argument checks.</summary>
public class ConversionExampleTests
{
    // [[1, 0*, 2],
    //  [0,  0,  0],
    //  [0,  3,  0*]]   (* = explicitly stored zero)
    private static CsrMatrix Example() => new(3, 3, [0, 2, 2, 4], [0, 1, 1, 2], [1f, 0f, 3f, 0f]);

    [Test]
    public void ToCsc_ExampleWithStoredZeros_KeepsThemAndSortsRows()
    {
        CscMatrix csc = Example().ToCsc();

        MatrixAssert.Same([0, 1, 3, 4], csc.ColumnPointers, "ColumnPointers");
        MatrixAssert.Same([0, 0, 2, 2], csc.RowIndices, "RowIndices");
        MatrixAssert.Same([1f, 0f, 3f, 0f], csc.Values, "Values");
    }

    [Test]
    public void Transpose_ExampleWithStoredZeros_KeepsThem()
    {
        CsrMatrix t = Example().Transpose();

        Assert.That((t.Rows, t.Columns), Is.EqualTo((3, 3)));
        MatrixAssert.Same([0, 1, 3, 4], t.RowPointers, "RowPointers");
        MatrixAssert.Same([0, 0, 2, 2], t.ColumnIndices, "ColumnIndices");
        MatrixAssert.Same([1f, 0f, 3f, 0f], t.Values, "Values");
    }

    [Test]
    public void Transpose_RectangularCsr_SwapsShape()
    {
        var csr = new CsrMatrix(2, 5, [0, 1, 2], [4, 0], [7f, 8f]);

        CsrMatrix t = csr.Transpose();

        Assert.That((t.Rows, t.Columns), Is.EqualTo((5, 2)));
        MatrixAssert.Same([0, 1, 1, 1, 1, 2], t.RowPointers, "RowPointers");
        MatrixAssert.Same([1, 0], t.ColumnIndices, "ColumnIndices");
        MatrixAssert.Same([8f, 7f], t.Values, "Values");
    }

    [Test]
    public void ToBsr_RaggedEdges_StoresTouchedBlocksWithZeroPadding()
    {
        // 3×5 in 2×2 blocks: block rows {0,1},{2}; block columns {0,1},{2,3},{4}.
        var csr = new CsrMatrix(3, 5, [0, 1, 1, 3], [3, 0, 4], [1f, 2f, 3f]);

        BsrMatrix bsr = csr.ToBsr(2, 2);

        MatrixAssert.Same([0, 1, 3], bsr.BlockRowPointers, "BlockRowPointers");
        MatrixAssert.Same([1, 0, 2], bsr.BlockColumnIndices, "BlockColumnIndices");
        MatrixAssert.Same(
            [0f, 1f, 0f, 0f,   // block (0,1): (0,3) = 1
             2f, 0f, 0f, 0f,   // block (1,0): (2,0) = 2, row 3 is padding
             3f, 0f, 0f, 0f],  // block (1,2): (2,4) = 3, column 5 and row 3 are padding
            bsr.Values,
            "Values");
        Assert.That(bsr.Nnz, Is.EqualTo(4 + 2 + 1));
    }

    [Test]
    public void ToCsr_BsrBlockWithZeros_StoresEveryInMatrixEntryIncludingZeros()
    {
        // 3×3 in 2×2 blocks, one stored block (1,1) covering (2,2) only; its padding holds NaN, which must vanish.
        var bsr = new BsrMatrix(3, 3, 2, 2, [0, 0, 1], [1], [5f, float.NaN, float.NaN, float.NaN]);
        var full = new BsrMatrix(2, 3, 2, 2, [0, 1], [0], [0f, 1f, 0f, 0f]);

        CsrMatrix csr = bsr.ToCsr();
        CsrMatrix zeros = full.ToCsr();

        MatrixAssert.Same([0, 0, 0, 1], csr.RowPointers, "RowPointers");
        MatrixAssert.Same([2], csr.ColumnIndices, "ColumnIndices");
        MatrixAssert.Same([5f], csr.Values, "Values");
        MatrixAssert.Same([0, 2, 4], zeros.RowPointers, "RowPointers");
        MatrixAssert.Same([0, 1, 0, 1], zeros.ColumnIndices, "ColumnIndices");
        MatrixAssert.Same([0f, 1f, 0f, 0f], zeros.Values, "Values");
    }

    [Test]
    public void Transpose_Bsr_TransposesBlockShapeAndTiles()
    {
        // 2×3 in 1×2 blocks: block (0,0) = [1 2], block (1,1) = [3 pad].
        var bsr = new BsrMatrix(2, 3, 1, 2, [0, 1, 2], [0, 1], [1f, 2f, 3f, 9f]);

        BsrMatrix t = bsr.Transpose();

        Assert.That((t.Rows, t.Columns, t.BlockRows, t.BlockColumns), Is.EqualTo((3, 2, 2, 1)));
        MatrixAssert.Same([0, 1, 2], t.BlockRowPointers, "BlockRowPointers");
        MatrixAssert.Same([0, 1], t.BlockColumnIndices, "BlockColumnIndices");
        MatrixAssert.Same([1f, 2f, 3f, 9f], t.Values, "Values");
        MatrixAssert.BitwiseEqual(bsr.ToDense().Transpose(), t.ToDense());
    }

    [TestCase(0, 0)]
    [TestCase(0, 7)]
    [TestCase(7, 0)]
    public void Conversions_EmptyShape_GiveEmptyValidMatrices(int rows, int columns)
    {
        var csr = CsrMatrix.FromDense(new DenseMatrix(rows, columns));

        CscMatrix csc = csr.ToCsc();
        BsrMatrix bsr = csr.ToBsr(4, 4);
        CsrMatrix t = csr.Transpose();

        Assert.Multiple(() =>
        {
            Assert.That((csc.Rows, csc.Columns, csc.Nnz), Is.EqualTo((rows, columns, 0)));
            Assert.That((bsr.Rows, bsr.Columns, bsr.BlockCount), Is.EqualTo((rows, columns, 0)));
            Assert.That((t.Rows, t.Columns, t.Nnz), Is.EqualTo((columns, rows, 0)));
            Assert.That(bsr.ToCsr().Nnz, Is.Zero);
            Assert.That(bsr.Transpose().BlockRowCount, Is.EqualTo((columns + 3) / 4));
            Assert.That(csc.ToMask().KeptCount + bsr.ToMask().KeptCount, Is.Zero);
        });
        csc.Validate();
        bsr.Validate();
        t.Validate();
    }

    [Test]
    public void Conversions_Result_DoesNotAliasSource()
    {
        CsrMatrix csr = Example();

        CscMatrix csc = csr.ToCsc();
        CsrMatrix t = csr.Transpose();
        BsrMatrix bsr = csr.ToBsr(1, 1);
        csc.Values.Fill(42f);
        t.Values.Fill(42f);
        bsr.Values.Fill(42f);

        MatrixAssert.BitwiseEqual(Example(), csr);
    }

    [Test]
    public void Conversions_NullSource_ThrowArgumentNull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SparseConversions.ToCsc(null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToCsr((CscMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToCsr((BsrMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToBsr(null!, 1, 1), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.Transpose((CsrMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.Transpose((CscMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.Transpose((BsrMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToMask((CsrMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToMask((CscMatrix)null!), Throws.ArgumentNullException);
            Assert.That(() => SparseConversions.ToMask((BsrMatrix)null!), Throws.ArgumentNullException);
        });
    }

    [TestCase(0, 1)]
    [TestCase(1, 0)]
    [TestCase(-4, 1)]
    public void ToBsr_NonPositiveBlockDimension_ThrowsArgumentOutOfRange(int blockRows, int blockColumns)
    {
        Assert.That(() => Example().ToBsr(blockRows, blockColumns), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ToBsr_BlocksLargerThanMatrix_StoresOneBlock()
    {
        BsrMatrix bsr = Example().ToBsr(16, 16);

        Assert.That((bsr.BlockRowCount, bsr.BlockColumnCount, bsr.BlockCount, bsr.Values.Length), Is.EqualTo((1, 1, 1, 256)));
        MatrixAssert.BitwiseEqual(Example().ToDense(), bsr.ToDense());
    }
}
