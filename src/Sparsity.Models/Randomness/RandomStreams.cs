namespace Sparsity.Models.Randomness;

/// <summary>
/// <see cref="Random"/> objects for an arbitrary (seed, stream, index), so that resumed training draws exactly what
/// an uninterrupted run would: derive the generator for window <c>i</c> from (run seed, purpose, i) instead of
/// carrying one generator through the run.
/// </summary>
/// <remarks>
/// Two ways, both deterministic:
/// <list type="bullet">
/// <item><description><see cref="Create"/> (preferred): a <see cref="Random"/> backed by <see cref="DeterministicRandom"/>,
/// whose sequence is defined by this library and identical on every runtime.</description></item>
/// <item><description><c>new Random(RandomStreams.DeriveInt32Seed(seed, stream, index))</c>: the runtime's seeded
/// generator (the legacy subtractive one, kept for compatibility since .NET Core). It is reproducible within a
/// runtime version, but .NET does not promise the sequence across versions, so a checkpoint resumed on another
/// runtime may diverge.</description></item>
/// </list>
/// </remarks>
public static class RandomStreams
{
    /// <summary>A <see cref="Random"/> whose sequence is a pure function of the triple (see <see cref="DeterministicRandom.ForStream"/>).</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stream">The purpose (e.g. a fixed number for dropout, another for window lengths).</param>
    /// <param name="index">The position (window, epoch, …).</param>
    /// <returns>A fresh generator.</returns>
    public static Random Create(ulong seed, ulong stream, ulong index) => DeterministicRandom.ForStream(seed, stream, index).AsRandom();

    /// <summary>A 32-bit seed for <c>new Random(int)</c> derived from the triple (non-negative, any value otherwise).</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stream">The purpose.</param>
    /// <param name="index">The position.</param>
    /// <returns>The seed, in [0, int.MaxValue].</returns>
    public static int DeriveInt32Seed(ulong seed, ulong stream, ulong index) =>
        (int)(DeterministicRandom.DeriveSeed(seed, stream, index) >> 33);
}
