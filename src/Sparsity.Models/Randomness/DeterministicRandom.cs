using System.Numerics;

namespace Sparsity.Models.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna 2018, public-domain reference C), a small fast generator whose whole state
/// is four <see cref="ulong"/>s: <see cref="GetState"/> saves it into a checkpoint and <see cref="SetState"/> resumes
/// the exact same sequence. Unlike <see cref="Random"/>, its sequence is defined here and cannot change with the
/// runtime. Not thread-safe; not for cryptography.
/// </summary>
/// <remarks>
/// Independent streams for (seed, stream, index), e.g. one per (run seed, purpose, window), come from
/// <see cref="ForStream"/>; <see cref="AsRandom"/> adapts a generator to APIs that take <see cref="Random"/>.
/// </remarks>
public sealed class DeterministicRandom
{
    /// <summary>Number of <see cref="ulong"/>s in the state.</summary>
    public const int StateLength = 4;

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the generator by expanding <paramref name="seed"/> with <see cref="SplitMix64"/> (never all-zero state).</summary>
    /// <param name="seed">Any value.</param>
    public DeterministicRandom(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>Creates a generator from a saved state.</summary>
    /// <param name="state">Four words, not all zero.</param>
    /// <exception cref="ArgumentException">The length is not 4 or all words are zero.</exception>
    public DeterministicRandom(ReadOnlySpan<ulong> state) => SetState(state);

    /// <summary>
    /// A generator for stream <paramref name="stream"/>, position <paramref name="index"/> of run
    /// <paramref name="seed"/>, e.g. (run seed, "dropout" stream, window number). The three are mixed by chained
    /// <see cref="SplitMix64.Mix"/>, so nearby triples give unrelated sequences and any window can be regenerated
    /// without replaying earlier ones.
    /// </summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stream">The purpose (any fixed number per purpose).</param>
    /// <param name="index">The position within the purpose (window, epoch, …).</param>
    /// <returns>A fresh generator.</returns>
    public static DeterministicRandom ForStream(ulong seed, ulong stream, ulong index) => new(DeriveSeed(seed, stream, index));

    /// <summary>The 64-bit seed <see cref="ForStream"/> uses for a triple.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stream">The purpose.</param>
    /// <param name="index">The position.</param>
    /// <returns>The derived seed.</returns>
    public static ulong DeriveSeed(ulong seed, ulong stream, ulong index)
    {
        unchecked
        {
            ulong h = SplitMix64.Mix(seed + SplitMix64.Gamma);
            h = SplitMix64.Mix(h ^ (stream + 2 * SplitMix64.Gamma));
            return SplitMix64.Mix(h ^ (index + 3 * SplitMix64.Gamma));
        }
    }

    /// <summary>A copy of the state, for a checkpoint.</summary>
    /// <returns>Four words.</returns>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Restores a state saved by <see cref="GetState"/>; the next outputs continue that sequence.</summary>
    /// <param name="state">Four words, not all zero.</param>
    /// <exception cref="ArgumentException">The length is not 4 or all words are zero (xoshiro's one invalid state).</exception>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != StateLength)
        {
            throw new ArgumentException($"The state must have {StateLength} words, but has {state.Length}.", nameof(state));
        }

        if ((state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("The all-zero state is invalid for xoshiro256**.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 random bits.</summary>
    /// <returns>A uniformly distributed value.</returns>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>The next 32 random bits (the high half of <see cref="NextUInt64"/>, xoshiro's better bits).</summary>
    /// <returns>A uniformly distributed value.</returns>
    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    /// <param name="maxExclusive">The bound, &gt; 0.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> ≤ 0.</exception>
    public int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)NextBounded((uint)maxExclusive);
    }

    /// <summary>A uniform integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    /// <param name="minInclusive">The lower bound.</param>
    /// <param name="maxExclusive">The upper bound, &gt; <paramref name="minInclusive"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty.</exception>
    public int NextInt32(int minInclusive, int maxExclusive)
    {
        if (maxExclusive <= minInclusive)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"maxExclusive must exceed minInclusive ({minInclusive}).");
        }

        return (int)(minInclusive + NextBounded((uint)((long)maxExclusive - minInclusive)));
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without bias.</summary>
    /// <param name="maxExclusive">The bound, &gt; 0.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> ≤ 0.</exception>
    public long NextInt64(long maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (long)NextBounded64((ulong)maxExclusive);
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    /// <returns>The value.</returns>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A standard normal sample (Box–Muller from two uniforms; no cached second value, so the state stays four words).</summary>
    /// <returns>The value.</returns>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Fills <paramref name="buffer"/> with random bytes, eight per <see cref="NextUInt64"/>, little-endian.</summary>
    /// <param name="buffer">The destination.</param>
    public void NextBytes(Span<byte> buffer)
    {
        while (buffer.Length >= sizeof(ulong))
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(buffer, NextUInt64());
            buffer = buffer[sizeof(ulong)..];
        }

        if (!buffer.IsEmpty)
        {
            Span<byte> last = stackalloc byte[sizeof(ulong)];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(last, NextUInt64());
            last[..buffer.Length].CopyTo(buffer);
        }
    }

    /// <summary>
    /// A <see cref="Random"/> view of this generator: every method of the returned object draws from (and advances)
    /// this generator, so its sequence is fully defined here and saved by <see cref="GetState"/>.
    /// </summary>
    /// <returns>The adapter.</returns>
    public Random AsRandom() => new DeterministicRandomAdapter(this);

    private uint NextBounded(uint range)
    {
        ulong m = (ulong)NextUInt32() * range;
        if ((uint)m < range)
        {
            uint threshold = (0u - range) % range;
            while ((uint)m < threshold)
            {
                m = (ulong)NextUInt32() * range;
            }
        }

        return (uint)(m >> 32);
    }

    private ulong NextBounded64(ulong range)
    {
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return high;
    }
}
