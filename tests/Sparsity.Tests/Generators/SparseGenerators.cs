using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Generators;

/// <summary>
/// FsCheck generators for every Core storage type, shared by the Core, kernel and model tests.
/// </summary>
/// <remarks>
/// <para>Shapes run over 0..<see cref="MaxDimension"/> in each dimension, with extra weight on the edges
/// (0, 1, 2, 3) and on both sides of the SIMD widths (7/8/9 … 63/64/65). Densities are 0, 1 or uniform in
/// [0, 1); patterns are those of <see cref="MaskPattern"/>, so empty rows and columns are frequent.</para>
/// <para>FsCheck draws only the small description of a matrix (shape, density, pattern, block shape and a
/// 30-bit seed); the entries come from <see cref="Random"/> seeded with it. Generating thousands of entries
/// stays cheap, and a replayed FsCheck seed still reproduces every bit.</para>
/// <para>Shrinking goes through <see cref="SparseShrinkers"/>: rows first, then columns, then stored entries.</para>
/// </remarks>
public static class SparseGenerators
{
    /// <summary>The largest row or column count generated.</summary>
    public const int MaxDimension = 70;

    /// <summary>The block shapes BSR matrices are generated with: 1×1, 1×4, 4×1, 8×1, 1×8, 4×4 and 16×1.</summary>
    public static IReadOnlyList<BlockShape> BlockShapes { get; } =
        [new(1, 1), new(1, 4), new(4, 1), new(8, 1), new(1, 8), new(4, 4), new(16, 1)];

    /// <summary>A row or column count in 0..<see cref="MaxDimension"/>, weighted towards edges and SIMD widths.</summary>
    /// <returns>The generator.</returns>
    public static Gen<int> Dimension() => Gen.Frequency(
        (2, Gen.Elements(0, 1, 2, 3)),
        (3, Gen.Elements(7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, MaxDimension)),
        (5, Gen.Choose(0, MaxDimension)));

    /// <summary>A density: exactly 0, exactly 1, or uniform in [0, 1).</summary>
    /// <returns>The generator.</returns>
    public static Gen<double> Density() => Gen.Frequency(
        (1, Gen.Constant(0.0)),
        (1, Gen.Constant(1.0)),
        (4, Gen.Choose(0, (1 << 20) - 1).Select(i => i / (double)(1 << 20))));

    /// <summary>One of <see cref="BlockShapes"/>.</summary>
    /// <returns>The generator.</returns>
    public static Gen<BlockShape> Blocks() => Gen.Elements(BlockShapes.ToArray());

    /// <summary>A matrix and its mask; see <see cref="MaskedDense"/>.</summary>
    /// <param name="values">Which floats to store.</param>
    /// <param name="alignTo">When set, <see cref="MaskPattern.BlockAligned"/> uses this block shape (and is drawn more often).</param>
    /// <returns>The generator.</returns>
    public static Gen<MaskedDense> Masked(ValueSet values = ValueSet.Finite, BlockShape? alignTo = null)
    {
        Gen<MaskPattern> pattern = alignTo is null
            ? Gen.Frequency(
                (3, Gen.Elements(MaskPattern.RandomUniform, MaskPattern.PerfectUniform, MaskPattern.BlockAligned, MaskPattern.EmptyLines)),
                (1, Gen.Constant(MaskPattern.SingleEntry)))
            : Gen.Frequency(
                (8, Gen.Constant(MaskPattern.BlockAligned)),
                (3, Gen.Elements(MaskPattern.RandomUniform, MaskPattern.PerfectUniform, MaskPattern.EmptyLines)),
                (1, Gen.Constant(MaskPattern.SingleEntry)));
        Gen<BlockShape> blocks = alignTo is { } shape ? Gen.Constant(shape) : Blocks();
        return from rows in Dimension()
               from columns in Dimension()
               from density in Density()
               from p in pattern
               from b in blocks
               from seed in Gen.Choose(0, (1 << 30) - 1)
               select Build(rows, columns, density, p, b, values, seed);
    }

    /// <summary>A dense matrix whose zeros follow a random mask (so dense-to-sparse round trips meet every density).</summary>
    /// <param name="values">Which floats to store.</param>
    /// <returns>The generator.</returns>
    public static Gen<DenseMatrix> Dense(ValueSet values = ValueSet.Finite) => Masked(values).Select(x => x.Values);

    /// <summary>A sparsity mask.</summary>
    /// <returns>The generator.</returns>
    public static Gen<SparsityMask> Mask() => Masked().Select(x => x.Mask);

    /// <summary>A CSR matrix, explicitly stored zeros included.</summary>
    /// <param name="values">Which floats to store.</param>
    /// <returns>The generator.</returns>
    public static Gen<CsrMatrix> Csr(ValueSet values = ValueSet.Finite) => Masked(values).Select(x => CsrMatrix.FromDense(x.Values, x.Mask));

    /// <summary>A CSC matrix, explicitly stored zeros included.</summary>
    /// <param name="values">Which floats to store.</param>
    /// <returns>The generator.</returns>
    public static Gen<CscMatrix> Csc(ValueSet values = ValueSet.Finite) => Masked(values).Select(x => CscMatrix.FromDense(x.Values, x.Mask));

    /// <summary>
    /// A BSR matrix with a block shape from <see cref="BlockShapes"/>, ragged edge blocks included. With
    /// <see cref="ValueSet.WithSpecials"/> the padding of edge blocks holds special values, which every
    /// operation must ignore; with <see cref="ValueSet.Finite"/> it is 0.
    /// </summary>
    /// <param name="values">Which floats to store.</param>
    /// <returns>The generator.</returns>
    public static Gen<BsrMatrix> Bsr(ValueSet values = ValueSet.Finite) =>
        from shape in Blocks()
        from x in Masked(values, shape)
        from seed in Gen.Choose(0, (1 << 30) - 1)
        select ToBsr(x, shape, values, seed);

    /// <summary>Builds a BSR matrix from a pair, filling the padding as <see cref="Bsr"/> documents.</summary>
    /// <param name="x">Values and mask <c>[M, K]</c>.</param>
    /// <param name="shape">The block shape.</param>
    /// <param name="values">With <see cref="ValueSet.WithSpecials"/>, padding gets special values.</param>
    /// <param name="seed">Seed for the padding values.</param>
    /// <returns>The BSR matrix.</returns>
    public static BsrMatrix ToBsr(MaskedDense x, BlockShape shape, ValueSet values, int seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        var bsr = BsrMatrix.FromDense(x.Values, x.Mask, shape.Rows, shape.Columns);
        if (values == ValueSet.WithSpecials)
        {
            var rng = new Random(seed);
            ForEachPadding(bsr, at => bsr.Values[at] = SpecialValue(rng));
        }

        return bsr;
    }

    /// <summary>Calls <paramref name="action"/> with the index into <see cref="BsrMatrix.Values"/> of every padding entry.</summary>
    /// <param name="bsr">The matrix.</param>
    /// <param name="action">Receives each padding index.</param>
    public static void ForEachPadding(BsrMatrix bsr, Action<int> action)
    {
        ArgumentNullException.ThrowIfNull(bsr);
        ArgumentNullException.ThrowIfNull(action);
        int br = bsr.BlockRows, bc = bsr.BlockColumns;
        for (int i = 0; i < bsr.BlockRowCount; i++)
        {
            int h = Math.Min(br, bsr.Rows - (i * br));
            for (int p = bsr.BlockRowPointers[i]; p < bsr.BlockRowPointers[i + 1]; p++)
            {
                int w = Math.Min(bc, bsr.Columns - (bsr.BlockColumnIndices[p] * bc));
                for (int r = 0; r < br; r++)
                {
                    for (int c = 0; c < bc; c++)
                    {
                        if (r >= h || c >= w)
                        {
                            action((p * br * bc) + (r * bc) + c);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A special float: NaN with a random payload (quiet or signalling, either sign), ±∞, −0, a subnormal or ±MaxValue.</summary>
    /// <param name="rng">The source of randomness.</param>
    /// <returns>The value.</returns>
    public static float SpecialValue(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        int sign = rng.Next(2) << 31;
        return rng.Next(6) switch
        {
            0 or 1 => BitConverter.Int32BitsToSingle(sign | 0x7F80_0000 | rng.Next(1, 0x80_0000)),
            2 => BitConverter.Int32BitsToSingle(sign | 0x7F80_0000),
            3 => -0f,
            4 => BitConverter.Int32BitsToSingle(sign | rng.Next(1, 0x80_0000)),
            _ => BitConverter.Int32BitsToSingle(sign | BitConverter.SingleToInt32Bits(float.MaxValue)),
        };
    }

    private static MaskedDense Build(int rows, int columns, double density, MaskPattern pattern, BlockShape blocks, ValueSet values, int seed)
    {
        var rng = new Random(seed);
        bool[] kept = KeptFlags(rows, columns, density, pattern, blocks, rng);
        var data = new float[kept.Length];
        for (int i = 0; i < data.Length; i++)
        {
            if (kept[i])
            {
                data[i] = Value(rng, values);
            }
        }

        return new MaskedDense(new DenseMatrix(rows, columns, data), new SparsityMask(rows, columns, kept));
    }

    private static float Value(Random rng, ValueSet values)
    {
        int roll = rng.Next(100);
        if (values == ValueSet.WithSpecials && roll < 10)
        {
            return SpecialValue(rng);
        }

        // Exact +0 stays frequent: an explicitly stored zero must behave like any other stored entry.
        return roll >= 85 ? 0f : (float)((rng.NextDouble() * 2) - 1);
    }

    private static bool[] KeptFlags(int rows, int columns, double density, MaskPattern pattern, BlockShape blocks, Random rng)
    {
        var kept = new bool[rows * columns];
        switch (pattern)
        {
            case MaskPattern.PerfectUniform:
                int perRow = (int)Math.Round(density * columns);
                var order = Enumerable.Range(0, columns).ToArray();
                for (int r = 0; r < rows; r++)
                {
                    rng.Shuffle(order);
                    for (int i = 0; i < perRow; i++)
                    {
                        kept[(r * columns) + order[i]] = true;
                    }
                }

                break;
            case MaskPattern.BlockAligned:
                for (int r0 = 0; r0 < rows; r0 += blocks.Rows)
                {
                    for (int c0 = 0; c0 < columns; c0 += blocks.Columns)
                    {
                        if (rng.NextDouble() >= density)
                        {
                            continue;
                        }

                        double fill = rng.Next(2) == 0 ? 1.0 : 0.5;
                        for (int r = r0; r < Math.Min(rows, r0 + blocks.Rows); r++)
                        {
                            for (int c = c0; c < Math.Min(columns, c0 + blocks.Columns); c++)
                            {
                                kept[(r * columns) + c] = rng.NextDouble() < fill;
                            }
                        }
                    }
                }

                break;
            case MaskPattern.SingleEntry:
                if (kept.Length > 0)
                {
                    kept[rng.Next(kept.Length)] = true;
                }

                break;
            default:
                for (int i = 0; i < kept.Length; i++)
                {
                    kept[i] = rng.NextDouble() < density;
                }

                if (pattern == MaskPattern.EmptyLines)
                {
                    EmptySomeLines(kept, rows, columns, rng);
                }

                break;
        }

        return kept;
    }

    private static void EmptySomeLines(bool[] kept, int rows, int columns, Random rng)
    {
        for (int r = 0; r < rows; r++)
        {
            if (rng.NextDouble() < 0.3)
            {
                kept.AsSpan(r * columns, columns).Clear();
            }
        }

        for (int c = 0; c < columns; c++)
        {
            if (rng.NextDouble() < 0.3)
            {
                for (int r = 0; r < rows; r++)
                {
                    kept[(r * columns) + c] = false;
                }
            }
        }
    }
}
