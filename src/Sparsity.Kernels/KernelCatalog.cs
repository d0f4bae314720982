using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels;

/// <summary>
/// The one catalogue of every kernel operation and its variants, used alike by dispatch, tests
/// (<c>[TestCaseSource]</c>) and benchmarks (<c>[ParamsSource]</c>): a variant registered here is tested
/// and benchmarked the moment it exists. Each operation's family is declared in the partial file of its
/// operation (for example <c>KernelCatalog.DenseGemv.cs</c>).
/// </summary>
public static partial class KernelCatalog
{
    // Families register from the static initialiser of this class, whose field order across partial files
    // is unspecified: the registry is therefore created on first use, never by a field initialiser.
    private static System.Collections.Concurrent.ConcurrentQueue<IKernelFamily>? s_registry;

    /// <summary>Every registered operation, in registration order.</summary>
    public static IReadOnlyList<IKernelFamily> Families
    {
        get
        {
            EnsureInitialized();
            return s_registry is null ? [] : [.. s_registry];
        }
    }

    /// <summary>Every variant of every operation.</summary>
    public static IEnumerable<IKernelVariant> AllVariants => Families.SelectMany(f => f.AllVariants);

    internal static void Register(IKernelFamily family)
    {
        if (s_registry is null)
        {
            Interlocked.CompareExchange(ref s_registry, new System.Collections.Concurrent.ConcurrentQueue<IKernelFamily>(), null);
        }

        s_registry.Enqueue(family);
    }

    // Touching one static field runs the static initialiser of this partial class, which constructs (and so
    // registers) every family declared in any of its files.
    private static void EnsureInitialized() => _ = s_initialized;

    private static readonly bool s_initialized = true;
}
