namespace Sparsity.Tests.Models.LanguageModeling;

/// <summary>Relative-and-absolute tolerance comparisons that name the tensor, the index and both values on failure.</summary>
internal static class LmAssert
{
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what, double relative = 1e-4, double absolute = 1e-6)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"{what}: length");
        double scale = 0;
        foreach (double e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        // Tolerance scaled by the tensor's magnitude: float rounding of a sum is relative to its largest terms, not to
        // an entry that happens to cancel to near zero.
        double tolerance = absolute + (relative * scale);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= tolerance))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, actual {actual[i]:R} (|error| {error:E3} > tolerance {tolerance:E3}, max |expected| {scale:E3}).");
            }
        }
    }

    public static void Close(double expected, double actual, string what, double relative = 1e-5, double absolute = 1e-6)
    {
        double tolerance = absolute + (relative * Math.Abs(expected));
        Assert.That(Math.Abs(expected - actual), Is.LessThanOrEqualTo(tolerance), $"{what}: expected {expected:R}, actual {actual:R}");
    }

    public static double[] Flatten(double[][][] a) => [.. a.SelectMany(s => s.SelectMany(r => r))];
}
