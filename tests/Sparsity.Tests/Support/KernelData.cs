using Sparsity.Core.Dense;

namespace Sparsity.Tests.Support;

/// <summary>Seeded random inputs for kernel tests (values in [−1, 1), exact in float).</summary>
public static class KernelData
{
    /// <summary>A vector of <paramref name="length"/> uniform values, a fraction <paramref name="zeroFraction"/> of them exactly 0.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="length">Length.</param>
    /// <param name="zeroFraction">Probability that an element is 0.</param>
    /// <returns>The vector.</returns>
    public static float[] Vector(Random rng, int length, double zeroFraction = 0.0)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = rng.NextDouble() < zeroFraction ? 0f : (float)(rng.NextDouble() * 2 - 1);
        }

        return v;
    }

    /// <summary>A dense <c>[rows, columns]</c> matrix of uniform values.</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="zeroFraction">Probability that an element is 0.</param>
    /// <returns>The matrix.</returns>
    public static DenseMatrix Matrix(Random rng, int rows, int columns, double zeroFraction = 0.0) =>
        new(rows, columns, Vector(rng, rows * columns, zeroFraction));

    /// <summary>Sizes around every SIMD width and tile: 0..33 (every remainder of 4, 8 and 16 lanes), primes and a few larger ones.</summary>
    public static IReadOnlyList<int> EdgeSizes { get; } = [.. Enumerable.Range(0, 34), 47, 63, 64, 65, 97, 127, 128, 129];
}
