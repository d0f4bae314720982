using System.Globalization;

namespace Sparsity.Models.Checkpoints;

/// <summary>One typed value of a <see cref="ScalarRecord"/>.</summary>
public readonly record struct ScalarValue
{
    private readonly long _int64;
    private readonly double _double;
    private readonly string? _string;

    private ScalarValue(ScalarKind kind, long int64, double dbl, string? str)
    {
        Kind = kind;
        _int64 = int64;
        _double = dbl;
        _string = str;
    }

    /// <summary>The type.</summary>
    public ScalarKind Kind { get; }

    /// <summary>The value of a <see cref="ScalarKind.Whole"/> entry.</summary>
    /// <exception cref="InvalidOperationException">The entry has another type.</exception>
    public long Whole => Kind == ScalarKind.Whole ? _int64 : throw WrongKind(ScalarKind.Whole);

    /// <summary>The value of a <see cref="ScalarKind.Real"/> entry.</summary>
    /// <exception cref="InvalidOperationException">The entry has another type.</exception>
    public double Real => Kind == ScalarKind.Real ? _double : throw WrongKind(ScalarKind.Real);

    /// <summary>The value of a <see cref="ScalarKind.Text"/> entry.</summary>
    /// <exception cref="InvalidOperationException">The entry has another type.</exception>
    public string Text => Kind == ScalarKind.Text ? _string! : throw WrongKind(ScalarKind.Text);

    /// <summary>An integer value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The scalar.</returns>
    public static ScalarValue FromWhole(long value) => new(ScalarKind.Whole, value, 0, null);

    /// <summary>A double value (any bits, NaN included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The scalar.</returns>
    public static ScalarValue FromReal(double value) => new(ScalarKind.Real, 0, value, null);

    /// <summary>A string value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The scalar.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ScalarValue FromText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ScalarKind.Text, 0, 0, value);
    }

    /// <summary>Equality with doubles compared by bits (so NaN equals itself and −0 differs from +0).</summary>
    /// <param name="other">The other value.</param>
    /// <returns>Whether kind and value are identical.</returns>
    public bool Equals(ScalarValue other) => Kind == other.Kind && Kind switch
    {
        ScalarKind.Whole => _int64 == other._int64,
        ScalarKind.Real => BitConverter.DoubleToInt64Bits(_double) == BitConverter.DoubleToInt64Bits(other._double),
        _ => string.Equals(_string, other._string, StringComparison.Ordinal),
    };

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, _int64, BitConverter.DoubleToInt64Bits(_double), _string);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ScalarKind.Whole => _int64.ToString(CultureInfo.InvariantCulture),
        ScalarKind.Real => _double.ToString("R", CultureInfo.InvariantCulture),
        _ => $"\"{_string}\"",
    };

    private InvalidOperationException WrongKind(ScalarKind wanted) => new($"The value is a {Kind}, not a {wanted}.");
}
