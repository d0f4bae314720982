using Sparsity.Tests.Reference;

namespace Sparsity.Tests.Support;

/// <summary>
/// Compares a float kernel's output with a double oracle within a tolerance scaled by magnitude: a sum of n
/// float products in any order is within about n·ε·Σ|terms| of the exact value, so that is the bound used.
/// Failures name the case, the index and both values, and throw without recording (safe inside FsCheck).
/// </summary>
public static class KernelAssert
{
    /// <summary>Float machine epsilon (2⁻²³).</summary>
    public const double Epsilon = 1.1920929e-7;

    /// <summary>Fills an output with NaN so that an element a kernel forgets to write fails the comparison.</summary>
    /// <param name="output">The buffer to poison.</param>
    public static void Poison(Span<float> output) => output.Fill(float.NaN);

    /// <summary>Asserts every element of <paramref name="actual"/> is within tolerance of <paramref name="expected"/>.</summary>
    /// <param name="expected">The oracle's answer.</param>
    /// <param name="actual">The kernel's output.</param>
    /// <param name="what">The variant and shape, for the failure message.</param>
    /// <param name="slack">Multiplier on the error bound (e.g. for kernels that round intermediate values).</param>
    public static void Close(Expected expected, ReadOnlySpan<float> actual, string what, double slack = 1.0)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.Length != expected.Value.Length)
        {
            throw new AssertionException($"{what}: output has length {actual.Length}, expected {expected.Value.Length}.");
        }

        double bound = slack * (expected.Terms + 2) * Epsilon;
        for (int i = 0; i < actual.Length; i++)
        {
            double e = expected.Value[i];
            double tolerance = bound * expected.Scale[i] + 1e-30;
            if (!(Math.Abs(actual[i] - e) <= tolerance))
            {
                throw new AssertionException($"{what}: element {i} is {actual[i]:R}, expected {e:R} (tolerance {tolerance:G3}).");
            }
        }
    }
}
