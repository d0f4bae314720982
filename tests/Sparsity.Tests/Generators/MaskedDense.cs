using System.Globalization;
using System.Text;

using Sparsity.Core.Dense;
using Sparsity.Core.Sparse;

namespace Sparsity.Tests.Generators;

/// <summary>
/// A dense matrix together with the mask of its stored entries: the common source from which every sparse
/// format is built (<c>FromDense(Values, Mask)</c>). <see cref="Values"/> is +0 wherever <see cref="Mask"/> is
/// false, so building any format from this pair and calling <c>ToDense()</c> must give back <see cref="Values"/>
/// bit for bit. Kept entries may hold 0 (explicitly stored zeros).
/// </summary>
public sealed class MaskedDense
{
    /// <summary>Pairs a matrix with its mask.</summary>
    /// <param name="values">The matrix <c>[M, K]</c>, +0 outside the mask.</param>
    /// <param name="mask">The stored pattern <c>[M, K]</c>.</param>
    /// <exception cref="ArgumentException">The shapes differ or a value outside the mask is not +0.</exception>
    public MaskedDense(DenseMatrix values, SparsityMask mask)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(mask);
        if (values.Rows != mask.Rows || values.Columns != mask.Columns)
        {
            throw new ArgumentException($"{values} does not match {mask}.", nameof(mask));
        }

        ReadOnlySpan<bool> kept = mask.AsSpan();
        ReadOnlySpan<float> a = values.AsSpan();
        for (int i = 0; i < a.Length; i++)
        {
            if (!kept[i] && BitConverter.SingleToInt32Bits(a[i]) != 0)
            {
                throw new ArgumentException($"Entry {i} is not kept but holds {a[i]}.", nameof(values));
            }
        }

        Values = values;
        Mask = mask;
    }

    /// <summary>The matrix <c>[M, K]</c>, +0 outside the mask.</summary>
    public DenseMatrix Values { get; }

    /// <summary>The stored pattern <c>[M, K]</c>.</summary>
    public SparsityMask Mask { get; }

    /// <summary>Number of rows M.</summary>
    public int Rows => Values.Rows;

    /// <summary>Number of columns K.</summary>
    public int Columns => Values.Columns;

    /// <summary>The shape and, for small matrices, every entry (<c>.</c> for unkept), so a shrunk counterexample is readable.</summary>
    /// <returns>A multi-line description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"MaskedDense [{Rows}, {Columns}], kept {Mask.KeptCount}");
        if ((long)Rows * Columns > 144)
        {
            return text.ToString();
        }

        for (int r = 0; r < Rows; r++)
        {
            text.AppendLine();
            for (int c = 0; c < Columns; c++)
            {
                text.Append(' ').Append(Mask[r, c] ? Values[r, c].ToString("R", CultureInfo.InvariantCulture) : ".");
            }
        }

        return text.ToString();
    }
}
