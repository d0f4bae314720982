using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core;

/// <summary>Dense → sparse → dense, by mask and by threshold, for every format.</summary>
public class DenseRoundTripTests
{
    private static readonly float[] Thresholds = [0f, 0.25f, 0.5f, 1f];

    [SparsityProperty]
    public void CsrFromDense_ByMask_ToDenseAndToMaskAreIdentity(MaskedDense x)
    {
        var csr = CsrMatrix.FromDense(x.Values, x.Mask);
        MatrixAssert.BitwiseEqual(x.Values, csr.ToDense());
        MatrixAssert.BitwiseEqual(x.Mask, csr.ToMask());
    }

    [SparsityProperty]
    public void CscFromDense_ByMask_ToDenseAndToMaskAreIdentity(MaskedDense x)
    {
        var csc = CscMatrix.FromDense(x.Values, x.Mask);
        MatrixAssert.BitwiseEqual(x.Values, csc.ToDense());
        MatrixAssert.BitwiseEqual(x.Mask, csc.ToMask());
    }

    [SparsityProperty]
    public void BsrFromDense_ByMask_ToDenseIsIdentityAndStoresExactlyTouchedBlocks(MaskedDense x, BlockShape shape)
    {
        var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
        MatrixAssert.BitwiseEqual(x.Values, bsr.ToDense());

        // A block is stored iff the mask keeps an entry in it.
        SparsityMask stored = StorageReference.StoredEntries(bsr);
        for (int r = 0; r < x.Rows; r++)
        {
            for (int c = 0; c < x.Columns; c++)
            {
                int r0 = r / shape.Rows * shape.Rows, c0 = c / shape.Columns * shape.Columns;
                bool touched = false;
                for (int i = r0; i < Math.Min(x.Rows, r0 + shape.Rows); i++)
                {
                    for (int j = c0; j < Math.Min(x.Columns, c0 + shape.Columns); j++)
                    {
                        touched |= x.Mask[i, j];
                    }
                }

                MatrixAssert.Equal(touched, stored[r, c], $"{bsr}: entry ({r}, {c}) stored");
            }
        }
    }

    [SparsityProperty]
    public void FromDense_ByMaskWithValuesOutsideMask_DropsThemInEveryFormat(MaskedDense x, BlockShape shape, int seed)
    {
        DenseMatrix noisy = x.Values.Clone();
        var rng = new Random(seed);
        for (int i = 0; i < noisy.Count; i++)
        {
            if (!x.Mask.AsSpan()[i])
            {
                noisy.AsSpan()[i] = rng.Next(2) == 0 ? float.NaN : 1f + rng.Next(100);
            }
        }

        MatrixAssert.BitwiseEqual(x.Values, CsrMatrix.FromDense(noisy, x.Mask).ToDense());
        MatrixAssert.BitwiseEqual(x.Values, CscMatrix.FromDense(noisy, x.Mask).ToDense());
        MatrixAssert.BitwiseEqual(x.Values, BsrMatrix.FromDense(noisy, x.Mask, shape.Rows, shape.Columns).ToDense());
    }

    [SparsityProperty]
    public Property FromDense_ByThreshold_KeepsExactlyNaNAndEntriesAboveThresholdInEveryFormat() => Prop.ForAll(
        Arb.From(SparseGenerators.Dense(ValueSet.WithSpecials), SparseShrinkers.Dense),
        Arb.From(Gen.Elements(Thresholds)),
        Arb.From(SparseGenerators.Blocks()),
        (DenseMatrix dense, float threshold, BlockShape shape) =>
        {
            var (expected, count) = StorageReference.Threshold(dense, threshold);
            var csr = CsrMatrix.FromDense(dense, threshold);
            var csc = CscMatrix.FromDense(dense, threshold);
            var bsr = BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, threshold), shape.Rows, shape.Columns);
            MatrixAssert.BitwiseEqual(expected, csr.ToDense());
            MatrixAssert.BitwiseEqual(expected, csc.ToDense());
            MatrixAssert.BitwiseEqual(expected, bsr.ToDense());
            MatrixAssert.Equal(count, csr.Nnz, $"{csr} at threshold {threshold}: NNZ");
            MatrixAssert.Equal(count, csc.Nnz, $"{csc} at threshold {threshold}: NNZ");
        });

    [SparsityProperty]
    public void FromDense_ZeroThresholdOnFiniteMatrix_IsIdentityInEveryFormat(DenseMatrix dense, BlockShape shape)
    {
        // The finite generator never produces −0, the one nonzero bit pattern that |a| > 0 drops.
        MatrixAssert.BitwiseEqual(dense, CsrMatrix.FromDense(dense).ToDense());
        MatrixAssert.BitwiseEqual(dense, CscMatrix.FromDense(dense).ToDense());
        MatrixAssert.BitwiseEqual(dense, BsrMatrix.FromDense(dense, SparsityMask.FromMagnitude(dense, 0f), shape.Rows, shape.Columns).ToDense());
        MatrixAssert.Equal(dense.CountNonZero(), CsrMatrix.FromDense(dense).Nnz, $"{dense}: NNZ");
    }

    [Test]
    public void FromDense_NegativeZeroAtZeroThreshold_IsNotStored()
    {
        var dense = new DenseMatrix(1, 3, [-0f, 0f, 2f]);

        var csr = CsrMatrix.FromDense(dense);

        MatrixAssert.Same([2], csr.ColumnIndices, "ColumnIndices");
    }

    [Test]
    public void FromDense_SmallExample_StoresExpectedArrays()
    {
        var dense = new DenseMatrix(2, 3, [1, 0, 2, 0, 0, 3]);

        var csr = CsrMatrix.FromDense(dense);

        MatrixAssert.Same([0, 2, 3], csr.RowPointers, "RowPointers");
        MatrixAssert.Same([0, 2, 2], csr.ColumnIndices, "ColumnIndices");
        MatrixAssert.Same([1f, 2f, 3f], csr.Values, "Values");
        MatrixAssert.BitwiseEqual(dense, csr.ToDense());
    }
}
