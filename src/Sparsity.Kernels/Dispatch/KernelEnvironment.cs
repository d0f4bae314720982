using System.Globalization;
using Sparsity.Kernels.Threading;

namespace Sparsity.Kernels.Dispatch;

/// <summary>
/// The environment variables that steer the kernels (<c>SPARSITY_THREADS</c>, <c>SPARSITY_MAX_TIER</c>,
/// <c>SPARSITY_FORCE_KERNEL</c>), parsed and checked in one place. A program calls <see cref="Validate()"/> at start-up to
/// refuse a bad setting with one clear message before doing any work; otherwise the first kernel call reports it.
/// </summary>
public static class KernelEnvironment
{
    /// <summary>Checks the three variables as the process sees them now.</summary>
    /// <exception cref="InvalidOperationException">
    /// <c>SPARSITY_THREADS</c> is not a whole number ≥ 1; <c>SPARSITY_MAX_TIER</c> is not a tier; or
    /// <c>SPARSITY_FORCE_KERNEL</c> names a variant that does not exist (names are case-sensitive), two variants of one
    /// operation, or a variant this machine or runtime configuration cannot run. The message names the variable.
    /// </exception>
    public static void Validate() => Validate(Environment.GetEnvironmentVariable, KernelCatalog.AllVariants);

    /// <summary>Checks the variables <paramref name="variables"/> returns against <paramref name="variants"/> (tests pass their own).</summary>
    internal static void Validate(Func<string, string?> variables, IEnumerable<IKernelVariant> variants)
    {
        ParseThreads(variables(KernelThreads.ThreadsVariable));
        KernelSelection.ParseMaxTier(variables(KernelSelection.MaxTierVariable));
        HashSet<string> forced = ParseForced(variables(KernelSelection.ForceKernelVariable));
        if (forced.Count == 0)
        {
            return;
        }

        IKernelVariant[] known = [.. variants];
        var operations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in forced)
        {
            IKernelVariant variant = known.FirstOrDefault(v => v.Name == name) ?? throw Unknown(name, known);
            if (operations.TryGetValue(variant.Operation, out string? other))
            {
                throw new InvalidOperationException($"{KernelSelection.ForceKernelVariable} names two variants of {variant.Operation}: {other} and {name}.");
            }

            operations[variant.Operation] = name;
            if (!variant.IsSupported)
            {
                throw new InvalidOperationException(
                    $"{KernelSelection.ForceKernelVariable} forces {name}, but this machine or runtime configuration does not accelerate {variant.Tier}.");
            }
        }
    }

    /// <summary>
    /// Parses <c>SPARSITY_THREADS</c>: unset or blank gives the processor count; otherwise a whole number ≥ 1, capped at
    /// the processor count (more threads than processors only add waiting, and each costs a pooled work item).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number ≥ 1.</exception>
    internal static int ParseThreads(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Environment.ProcessorCount;
        }

        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
        {
            // NumberStyles.None also rejects a sign and digits beyond int: "-3", "+2" and "99999999999" are all refused here.
            throw new InvalidOperationException($"{KernelThreads.ThreadsVariable}='{value}' must be a whole number ≥ 1 (threads per kernel call; at most the {Environment.ProcessorCount} processors are used).");
        }

        return Math.Min(n, Environment.ProcessorCount);
    }

    /// <summary>The names in <c>SPARSITY_FORCE_KERNEL</c> (comma-separated, trimmed, empty entries dropped).</summary>
    internal static HashSet<string> ParseForced(string? value)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(value))
        {
            foreach (string name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                set.Add(name);
            }
        }

        return set;
    }

    private static InvalidOperationException Unknown(string name, IKernelVariant[] known)
    {
        IKernelVariant? differentCase = known.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
        string hint = differentCase is not null
            ? $"did you mean {differentCase.Name}? (names are case-sensitive)"
            : "known variants: " + string.Join(", ", known.Select(v => v.Name));
        return new InvalidOperationException($"{KernelSelection.ForceKernelVariable} names '{name}', which is no kernel variant; {hint}.");
    }
}
