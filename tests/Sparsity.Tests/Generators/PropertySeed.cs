namespace Sparsity.Tests.Generators;

/// <summary>
/// The FsCheck seed every <see cref="SparsityPropertyAttribute"/> property starts from, one per test run:
/// <list type="bullet">
/// <item><description><c>SPARSITY_FSCHECK_REPLAY="(seed,gamma)"</c> set: that seed (to reproduce a failure);</description></item>
/// <item><description>otherwise <c>CI=true</c>: the fixed <see cref="Ci"/>, so CI runs are deterministic;</description></item>
/// <item><description>otherwise a fresh random seed, so local runs keep exploring.</description></item>
/// </list>
/// </summary>
public static class PropertySeed
{
    /// <summary>The environment variable that forces a seed.</summary>
    public const string ReplayVariable = "SPARSITY_FSCHECK_REPLAY";

    /// <summary>The seed used when <c>CI=true</c>; the gamma is SplitMix's golden gamma (FsCheck requires it odd).</summary>
    public const string Ci = "(20261128,11400714819323198485)";

    private const ulong GoldenGamma = 11400714819323198485;

    /// <summary>The replay string for this run, in FsCheck's <c>(seed,gamma)</c> form.</summary>
    public static string Replay { get; } = Choose();

    private static string Choose()
    {
        string? forced = Environment.GetEnvironmentVariable(ReplayVariable);
        if (!string.IsNullOrWhiteSpace(forced))
        {
            return forced.Trim();
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return Ci;
        }

        return $"({(ulong)Random.Shared.NextInt64()},{GoldenGamma})";
    }
}
