using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Generators;

/// <summary>
/// FsCheck registration of <see cref="SparseGenerators"/> (with <see cref="ValueSet.Finite"/> values) and
/// <see cref="SparseShrinkers"/>: a property that takes a <see cref="CsrMatrix"/>, <see cref="CscMatrix"/>,
/// <see cref="BsrMatrix"/>, <see cref="DenseMatrix"/>, <see cref="SparsityMask"/>, <see cref="MaskedDense"/> or
/// <see cref="BlockShape"/> parameter gets them through
/// <c>[SparsityProperty]</c> or <c>[Property(Arbitrary = new[] { typeof(SparseArbitraries) })]</c>.
/// For special values use <c>Prop.ForAll(SparseGenerators.Csr(ValueSet.WithSpecials).ToArbitrary(SparseShrinkers.Csr), …)</c>.
/// </summary>
public static class SparseArbitraries
{
    /// <summary>Dense matrices.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<DenseMatrix> Dense() => Arb.From(SparseGenerators.Dense(), SparseShrinkers.Dense);

    /// <summary>Sparsity masks.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<SparsityMask> Mask() => Arb.From(SparseGenerators.Mask(), SparseShrinkers.Mask);

    /// <summary>Matrix-and-mask pairs.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<MaskedDense> Masked() => Arb.From(SparseGenerators.Masked(), SparseShrinkers.Masked);

    /// <summary>CSR matrices.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<CsrMatrix> Csr() => Arb.From(SparseGenerators.Csr(), SparseShrinkers.Csr);

    /// <summary>CSC matrices.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<CscMatrix> Csc() => Arb.From(SparseGenerators.Csc(), SparseShrinkers.Csc);

    /// <summary>BSR matrices.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<BsrMatrix> Bsr() => Arb.From(SparseGenerators.Bsr(), SparseShrinkers.Bsr);

    /// <summary>Block shapes from <see cref="SparseGenerators.BlockShapes"/>.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<BlockShape> Blocks() => Arb.From(SparseGenerators.Blocks());
}
