namespace Sparsity.Kernels.Dispatch;

/// <summary>
/// Picks each operation's variant once, at start-up: the widest supported tier, capped by
/// <c>SPARSITY_MAX_TIER</c>, unless <c>SPARSITY_FORCE_KERNEL</c> names a variant of that operation.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>SPARSITY_MAX_TIER</c> = <c>scalar</c> | <c>vector128</c> | <c>vector256</c> | <c>avx2</c> | <c>vector512</c>: never select a variant above this tier.</item>
/// <item><c>SPARSITY_FORCE_KERNEL</c> = comma-separated variant names (e.g. <c>DenseGemv_Scalar,SpmvCsr_Avx2Gather</c>): each operation
/// named there runs that variant. Naming a variant the machine cannot run fails loudly (at the operation's first call, or at start-up
/// through <see cref="KernelEnvironment.Validate()"/>) rather than silently running another; so does a name that is no variant.</item>
/// </list>
/// The runtime's own knobs (<c>DOTNET_EnableAVX512=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>) act through <see cref="IKernelVariant.IsSupported"/>.
/// </remarks>
public static class KernelSelection
{
    /// <summary>Name of the environment variable that caps the tier.</summary>
    public const string MaxTierVariable = "SPARSITY_MAX_TIER";

    /// <summary>Name of the environment variable that forces variants by name.</summary>
    public const string ForceKernelVariable = "SPARSITY_FORCE_KERNEL";

    // A bad value is kept as its message and reported on use, not thrown by the type initialiser (a TypeInitializationException
    // would hide it and break the type for the rest of the process); KernelEnvironment.Validate reports it at start-up.
    private static readonly (KernelTier Tier, string? Error) s_maxTier = ReadMaxTier();

    private static readonly HashSet<string> Forced = KernelEnvironment.ParseForced(Environment.GetEnvironmentVariable(ForceKernelVariable));

    /// <summary>The tier cap in force (from <c>SPARSITY_MAX_TIER</c>; <see cref="KernelTier.Vector512"/> when unset).</summary>
    /// <exception cref="InvalidOperationException"><c>SPARSITY_MAX_TIER</c> is not a tier.</exception>
    public static KernelTier MaxTier => s_maxTier.Error is null ? s_maxTier.Tier : throw new InvalidOperationException(s_maxTier.Error);

    internal static KernelVariant<TKernel> Choose<TKernel>(string operation, KernelVariant<TKernel>[] variants)
        where TKernel : Delegate
    {
        foreach (var v in variants)
        {
            if (Forced.Contains(v.Name))
            {
                if (!v.IsSupported)
                {
                    throw new PlatformNotSupportedException($"{ForceKernelVariable} forces {v.Name}, but this machine or runtime configuration does not accelerate {v.Tier}.");
                }

                return v;
            }
        }

        foreach (var v in variants)
        {
            if (v.IsSupported && v.Tier <= MaxTier)
            {
                return v;
            }
        }

        return variants[^1];
    }

    internal static KernelTier ParseMaxTier(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return KernelTier.Vector512;
        }

        return Enum.TryParse(value.Trim(), ignoreCase: true, out KernelTier tier) && Enum.IsDefined(tier)
            ? tier
            : throw new InvalidOperationException($"{MaxTierVariable}='{value}' is not a tier; use one of: {string.Join(", ", Enum.GetNames<KernelTier>())}.");
    }

    private static (KernelTier Tier, string? Error) ReadMaxTier()
    {
        try
        {
            return (ParseMaxTier(Environment.GetEnvironmentVariable(MaxTierVariable)), null);
        }
        catch (InvalidOperationException e)
        {
            return (KernelTier.Scalar, e.Message);
        }
    }
}
