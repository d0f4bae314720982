using Sparsity.Core.Validation;

namespace Sparsity.Models.Data;

/// <summary>
/// One truncated-BPTT window: inputs are positions <c>[Start, Start + Length)</c> of every stream and
/// targets are the next tokens <c>[Start + 1, Start + Length + 1)</c>.
/// </summary>
/// <param name="Start">The first input position.</param>
/// <param name="Length">The number of time steps, at least 1.</param>
/// <param name="LearningRateScale">The factor to scale the learning rate by for this window: sampled length / base (1 for fixed windows).</param>
public readonly record struct BpttWindow(int Start, int Length, float LearningRateScale);

/// <summary>
/// Chooses truncated-BPTT windows over streams of N tokens: either a fixed length, or the AWD-LSTM
/// random length (egru.md §4): with probability 0.05 the base is halved, then the length is drawn from
/// N(base, 5²), truncated to an integer and raised to at least 5, and the learning rate is scaled by
/// sampled length / base (the un-halved base, as AWD-LSTM does). A window never runs past N − 1 so
/// every input has a target; the learning-rate scale uses the length before that clipping.
/// </summary>
/// <remarks>Deterministic for a seed (uses <see cref="Random"/> with that seed). Not thread-safe.</remarks>
public sealed class WindowSampler
{
    /// <summary>The AWD-LSTM base length: 70.</summary>
    public const int DefaultBaseLength = 70;

    /// <summary>The probability of halving the base: 0.05.</summary>
    public const double HalveProbability = 0.05;

    /// <summary>The standard deviation of the sampled length: 5.</summary>
    public const double LengthStandardDeviation = 5.0;

    /// <summary>The shortest random window: 5.</summary>
    public const int MinimumLength = 5;

    private readonly System.Random? _random;

    private WindowSampler(int baseLength, System.Random? random)
    {
        BaseLength = baseLength;
        _random = random;
    }

    /// <summary>Gets the base (or fixed) window length.</summary>
    public int BaseLength { get; }

    /// <summary>Gets whether lengths are random (AWD style) rather than fixed.</summary>
    public bool IsRandom => _random is not null;

    /// <summary>Creates a sampler whose windows all have <paramref name="length"/> steps (scale 1).</summary>
    /// <param name="length">The window length, at least 1.</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive.</exception>
    public static WindowSampler Fixed(int length)
    {
        ThrowHelper.Positive(length, nameof(length));
        return new WindowSampler(length, null);
    }

    /// <summary>Creates an AWD-style random-length sampler.</summary>
    /// <param name="seed">The random seed.</param>
    /// <param name="baseLength">The base length, at least 1 (default 70).</param>
    /// <returns>The sampler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="baseLength"/> is not positive.</exception>
    public static WindowSampler RandomLength(int seed, int baseLength = DefaultBaseLength)
    {
        ThrowHelper.Positive(baseLength, nameof(baseLength));
        return new WindowSampler(baseLength, new System.Random(seed));
    }

    /// <summary>Draws the next window length and its learning-rate scale, before clipping to the data.</summary>
    /// <returns>The length (≥ 5 when random) and length / base.</returns>
    public (int Length, float LearningRateScale) NextLength()
    {
        if (_random is null)
        {
            return (BaseLength, 1f);
        }

        double mean = _random.NextDouble() < HalveProbability ? BaseLength / 2.0 : BaseLength;
        // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        int length = Math.Max(MinimumLength, (int)(mean + (LengthStandardDeviation * normal)));
        return (length, (float)length / BaseLength);
    }

    /// <summary>
    /// Enumerates windows covering positions <c>[0, N − 1)</c> of streams of <paramref name="streamLength"/>
    /// tokens in order; the last window is clipped so that its targets stay inside the stream.
    /// </summary>
    /// <param name="streamLength">N, the tokens per stream.</param>
    /// <returns>The windows; none when N &lt; 2.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="streamLength"/> is negative.</exception>
    public IEnumerable<BpttWindow> Windows(int streamLength)
    {
        ThrowHelper.NonNegative(streamLength, nameof(streamLength));
        return Iterate(streamLength);
    }

    private IEnumerable<BpttWindow> Iterate(int streamLength)
    {
        for (int start = 0; start < streamLength - 1;)
        {
            (int length, float scale) = NextLength();
            length = Math.Min(length, streamLength - 1 - start);
            yield return new BpttWindow(start, length, scale);
            start += length;
        }
    }
}
