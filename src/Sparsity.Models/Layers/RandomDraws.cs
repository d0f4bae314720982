namespace Sparsity.Models.Layers;

/// <summary>
/// The random draws weight initialisation needs, from a caller's <see cref="Random"/> so runs are reproducible:
/// standard normal (Box–Muller), Gamma (Marsaglia–Tsang, in log space) and Beta (two Gamma draws).
/// </summary>
/// <remarks>
/// The threshold prior Beta(3μ/(1−μ), 3) with μ = 0.01 has shape α ≈ 0.03: a Gamma(α) draw is then of order
/// U^(1/α) = U^33 and underflows double for small U, so Gamma draws are kept as logarithms and the Beta draw is
/// formed as <c>1 / (1 + exp(ln Y − ln X))</c>.
/// Marsaglia, G. &amp; Tsang, W. W. (2000), "A simple method for generating gamma variables", ACM TOMS 26(3).
/// </remarks>
internal static class RandomDraws
{
    /// <summary>A standard normal draw (Box–Muller; one of the pair is discarded to keep the state-free API).</summary>
    public static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>ln X for X ~ Gamma(<paramref name="shape"/>, 1).</summary>
    public static double LogGamma(Random rng, double shape)
    {
        if (shape < 1.0)
        {
            // Gamma(a) = Gamma(a + 1) · U^(1/a) (Marsaglia–Tsang §6), in logs.
            double u = 1.0 - rng.NextDouble();
            return LogGamma(rng, shape + 1.0) + (Math.Log(u) / shape);
        }

        double d = shape - (1.0 / 3.0), c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = Normal(rng);
            double v = 1.0 + (c * x);
            if (v <= 0.0)
            {
                continue;
            }

            v = v * v * v;
            double u = 1.0 - rng.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return Math.Log(d * v);
            }
        }
    }

    /// <summary>A Beta(<paramref name="alpha"/>, <paramref name="beta"/>) draw in [0, 1].</summary>
    public static double Beta(Random rng, double alpha, double beta)
    {
        double lx = LogGamma(rng, alpha), ly = LogGamma(rng, beta);
        return 1.0 / (1.0 + Math.Exp(ly - lx));
    }
}
