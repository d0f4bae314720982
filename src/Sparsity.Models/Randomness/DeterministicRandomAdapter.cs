namespace Sparsity.Models.Randomness;

/// <summary>
/// <see cref="Random"/> over a <see cref="DeterministicRandom"/>. Every virtual member is overridden, so the base
/// class's own (runtime-defined) generator is never consulted; <see cref="Random.Shuffle{T}(Span{T})"/> and
/// <see cref="Random.GetItems{T}(ReadOnlySpan{T}, int)"/> call the overridden <c>Next</c> methods.
/// </summary>
internal sealed class DeterministicRandomAdapter : Random
{
    private readonly DeterministicRandom _source;

    // Seeded base constructor: it never touches Random.Shared, and its generator is never used.
    public DeterministicRandomAdapter(DeterministicRandom source)
        : base(0) => _source = source;

    public override int Next() => _source.NextInt32(int.MaxValue);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : _source.NextInt32(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : _source.NextInt32(minValue, maxValue);
    }

    public override long NextInt64() => _source.NextInt64(long.MaxValue);

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : _source.NextInt64(maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue == maxValue ? minValue : minValue + (long)NextBelow((ulong)(maxValue - minValue));
    }

    public override double NextDouble() => _source.NextDouble();

    public override float NextSingle() => _source.NextSingle();

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _source.NextBytes(buffer);
    }

    public override void NextBytes(Span<byte> buffer) => _source.NextBytes(buffer);

    protected override double Sample() => _source.NextDouble();

    private ulong NextBelow(ulong range) =>
        range <= long.MaxValue ? (ulong)_source.NextInt64((long)range) : NextBelowLarge(range);

    private ulong NextBelowLarge(ulong range)
    {
        // Above 2⁶³ plain rejection wastes at most half the draws.
        ulong x;
        do
        {
            x = _source.NextUInt64();
        }
        while (x >= range);
        return x;
    }
}
