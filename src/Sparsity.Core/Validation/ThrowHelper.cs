using System.Diagnostics.CodeAnalysis;

namespace Sparsity.Core.Validation;

/// <summary>
/// Central place for argument checks, so that every public entry of the library reports the same
/// kind of broken rule with the same wording (the parameter, the position and the rule).
/// </summary>
public static class ThrowHelper
{
    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> for <paramref name="paramName"/>.</summary>
    /// <param name="paramName">The parameter whose value broke a rule.</param>
    /// <param name="message">The rule broken, with the offending position.</param>
    /// <exception cref="ArgumentException">Always.</exception>
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> ≥ 0.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">Its parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be non-negative, but was {value}.");
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> &gt; 0.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="paramName">Its parameter name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is zero or negative.</exception>
    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be positive, but was {value}.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless a span has exactly the expected length.</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="expected">The length the shape requires.</param>
    /// <param name="paramName">The span's parameter name.</param>
    /// <param name="shape">A human-readable shape, such as <c>"[M] = rows"</c>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Length(int actual, long expected, string paramName, string shape)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{paramName} must have length {expected} ({shape}), but has length {actual}.", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless a span is at least the expected length.</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="expected">The minimum length the shape requires.</param>
    /// <param name="paramName">The span's parameter name.</param>
    /// <param name="shape">A human-readable shape.</param>
    /// <exception cref="ArgumentException">The span is shorter.</exception>
    public static void MinLength(int actual, long expected, string paramName, string shape)
    {
        if (actual < expected)
        {
            throw new ArgumentException($"{paramName} must have length at least {expected} ({shape}), but has length {actual}.", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> when two spans share memory.</summary>
    /// <typeparam name="TA">Element type of the first span.</typeparam>
    /// <typeparam name="TB">Element type of the second span.</typeparam>
    /// <param name="a">The input span.</param>
    /// <param name="b">The output span.</param>
    /// <param name="paramName">The output's parameter name.</param>
    /// <param name="otherName">The input's parameter name.</param>
    /// <exception cref="ArgumentException">The spans overlap.</exception>
    public static void NoOverlap<TA, TB>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, string paramName, string otherName)
        where TA : unmanaged
        where TB : unmanaged
    {
        if (System.Runtime.InteropServices.MemoryMarshal.AsBytes(a).Overlaps(System.Runtime.InteropServices.MemoryMarshal.AsBytes(b)))
        {
            throw new ArgumentException($"{paramName} may not overlap {otherName}.", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentNullException"/> when <paramref name="value"/> is null.</summary>
    /// <param name="value">The reference to check.</param>
    /// <param name="paramName">Its parameter name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static void NotNull([NotNull] object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }
}
