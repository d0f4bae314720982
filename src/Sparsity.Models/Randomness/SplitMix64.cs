namespace Sparsity.Models.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014; public-domain C by Sebastiano Vigna): the generator recommended for
/// expanding a 64-bit seed into xoshiro state, and a good 64-bit mixing function on its own.
/// </summary>
public static class SplitMix64
{
    /// <summary>The increment, 2⁶⁴ / φ.</summary>
    public const ulong Gamma = 0x9E37_79B9_7F4A_7C15;

    /// <summary>Advances <paramref name="state"/> by <see cref="Gamma"/> and returns the mixed output.</summary>
    /// <param name="state">The generator state, updated in place.</param>
    /// <returns>The next output; from state 0 the first is 0xE220A8397B1DCDAF.</returns>
    public static ulong Next(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>The SplitMix64 output function: a bijective 64-bit mix with full avalanche.</summary>
    /// <param name="z">The input.</param>
    /// <returns>The mixed value.</returns>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
