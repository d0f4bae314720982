using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Conversions;
using Sparsity.Core.Sparse;
using Sparsity.Tests.Generators;
using Sparsity.Tests.Reference;
using Sparsity.Tests.Support;

namespace Sparsity.Tests.Core;

/// <summary>
/// CSR ⇄ CSC ⇄ BSR and the transposes, each compared bit for bit with the format built directly from the
/// source's dense values and stored pattern (so explicitly stored zeros must survive too).
/// </summary>
public class ConversionPropertyTests
{
    private static Arbitrary<CsrMatrix> SpecialCsr => Arb.From(SparseGenerators.Csr(ValueSet.WithSpecials), SparseShrinkers.Csr);

    private static Arbitrary<CscMatrix> SpecialCsc => Arb.From(SparseGenerators.Csc(ValueSet.WithSpecials), SparseShrinkers.Csc);

    private static Arbitrary<BsrMatrix> SpecialBsr => Arb.From(SparseGenerators.Bsr(ValueSet.WithSpecials), SparseShrinkers.Bsr);

    [SparsityProperty]
    public Property ToCsc_AnyCsr_EqualsCscBuiltFromSamePattern() => Prop.ForAll(SpecialCsr, (CsrMatrix csr) =>
        MatrixAssert.BitwiseEqual(CscMatrix.FromDense(csr.ToDense(), csr.ToMask()), csr.ToCsc()));

    [SparsityProperty]
    public Property ToCsr_AnyCsc_EqualsCsrBuiltFromSamePattern() => Prop.ForAll(SpecialCsc, (CscMatrix csc) =>
        MatrixAssert.BitwiseEqual(CsrMatrix.FromDense(csc.ToDense(), csc.ToMask()), csc.ToCsr()));

    [SparsityProperty]
    public Property ToCscThenToCsr_AnyCsr_IsBitwiseIdentity() => Prop.ForAll(SpecialCsr, (CsrMatrix csr) =>
        MatrixAssert.BitwiseEqual(csr, csr.ToCsc().ToCsr()));

    [SparsityProperty]
    public Property ToBsr_AnyCsrAndBlockShape_StoresExactlyTheBlocksHoldingEntries() => Prop.ForAll(
        SpecialCsr,
        Arb.From(SparseGenerators.Blocks()),
        (CsrMatrix csr, BlockShape shape) =>
            MatrixAssert.BitwiseEqual(BsrMatrix.FromDense(csr.ToDense(), csr.ToMask(), shape.Rows, shape.Columns), csr.ToBsr(shape.Rows, shape.Columns)));

    [SparsityProperty]
    public Property ToCsr_AnyBsr_StoresEveryInMatrixEntryOfStoredBlocks() => Prop.ForAll(SpecialBsr, (BsrMatrix bsr) =>
    {
        CsrMatrix csr = bsr.ToCsr();
        MatrixAssert.BitwiseEqual(CsrMatrix.FromDense(bsr.ToDense(), StorageReference.StoredEntries(bsr)), csr);
        MatrixAssert.Equal(bsr.Nnz, (long)csr.Nnz, $"{bsr}: NNZ");
    });

    [SparsityProperty]
    public Property ToDense_ThroughCscBsrAndBack_IsPreserved() => Prop.ForAll(
        SpecialCsc,
        Arb.From(SparseGenerators.Blocks()),
        (CscMatrix csc, BlockShape shape) =>
        {
            var dense = csc.ToDense();
            BsrMatrix bsr = csc.ToCsr().ToBsr(shape.Rows, shape.Columns);
            MatrixAssert.BitwiseEqual(dense, bsr.ToDense());
            MatrixAssert.BitwiseEqual(dense, bsr.ToCsr().ToCsc().ToDense());
        });

    [SparsityProperty]
    public Property ToCsrThenToBsr_AnyBsrWithZeroPadding_IsBitwiseIdentity(BlockShape shape) => Prop.ForAll(
        Arb.From(SparseGenerators.Masked(ValueSet.Finite, shape)),
        (MaskedDense x) =>
        {
            // Built from the mask, padding is 0 and other unkept entries of stored blocks are 0, which is exactly
            // what CSR → BSR produces once BSR → CSR has stored every entry of every block.
            var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
            MatrixAssert.BitwiseEqual(bsr, bsr.ToCsr().ToBsr(shape.Rows, shape.Columns));
        });

    [SparsityProperty]
    public Property ToMask_AnyFormat_MatchesStoredPattern() => Prop.ForAll(SpecialBsr, (BsrMatrix bsr) =>
    {
        MatrixAssert.BitwiseEqual(StorageReference.StoredEntries(bsr), bsr.ToMask());
        CsrMatrix csr = bsr.ToCsr();
        MatrixAssert.BitwiseEqual(bsr.ToMask(), csr.ToMask());
        MatrixAssert.BitwiseEqual(csr.ToMask(), csr.ToCsc().ToMask());
    });

    [SparsityProperty]
    public Property Transpose_AnyCsr_EqualsCsrOfDenseTranspose() => Prop.ForAll(SpecialCsr, (CsrMatrix csr) =>
        MatrixAssert.BitwiseEqual(CsrMatrix.FromDense(csr.ToDense().Transpose(), StorageReference.Transpose(csr.ToMask())), csr.Transpose()));

    [SparsityProperty]
    public Property Transpose_AnyCsc_EqualsCscOfDenseTranspose() => Prop.ForAll(SpecialCsc, (CscMatrix csc) =>
        MatrixAssert.BitwiseEqual(CscMatrix.FromDense(csc.ToDense().Transpose(), StorageReference.Transpose(csc.ToMask())), csc.Transpose()));

    [SparsityProperty]
    public void Transpose_AnyBsrWithZeroPadding_EqualsBsrOfDenseTransposeWithTransposedBlocks(BsrMatrix bsr)
    {
        // Every stored block has at least one entry inside the matrix, so the transposed pattern touches
        // exactly the transposed blocks; the padding is 0 on both sides.
        var expected = BsrMatrix.FromDense(bsr.ToDense().Transpose(), StorageReference.Transpose(bsr.ToMask()), bsr.BlockColumns, bsr.BlockRows);
        MatrixAssert.BitwiseEqual(expected, bsr.Transpose());
    }

    [SparsityProperty]
    public Property TransposeTwice_AnyCsr_IsBitwiseIdentity() => Prop.ForAll(SpecialCsr, (CsrMatrix csr) =>
        MatrixAssert.BitwiseEqual(csr, csr.Transpose().Transpose()));

    [SparsityProperty]
    public Property TransposeTwice_AnyCsc_IsBitwiseIdentity() => Prop.ForAll(SpecialCsc, (CscMatrix csc) =>
        MatrixAssert.BitwiseEqual(csc, csc.Transpose().Transpose()));

    [SparsityProperty]
    public Property TransposeTwice_AnyBsrWithSpecialPadding_IsBitwiseIdentity() => Prop.ForAll(SpecialBsr, (BsrMatrix bsr) =>
        MatrixAssert.BitwiseEqual(bsr, bsr.Transpose().Transpose()));

    [SparsityProperty]
    public Property InstanceMethods_AnyCsr_ForwardToSparseConversions() => Prop.ForAll(SpecialCsr, (CsrMatrix csr) =>
    {
        MatrixAssert.BitwiseEqual(SparseConversions.ToCsc(csr), csr.ToCsc());
        MatrixAssert.BitwiseEqual(SparseConversions.Transpose(csr), csr.Transpose());
        MatrixAssert.BitwiseEqual(SparseConversions.ToBsr(csr, 4, 1), csr.ToBsr(4, 1));
        MatrixAssert.BitwiseEqual(SparseConversions.ToMask(csr), csr.ToMask());
    });
}
