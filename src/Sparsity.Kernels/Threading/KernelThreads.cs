using Sparsity.Kernels.Dispatch;

namespace Sparsity.Kernels.Threading;

/// <summary>
/// How many threads a kernel may use. Kernels split their <em>outputs</em> (rows, samples) into contiguous
/// chunks, so every output element is computed by one thread in the same order whatever the thread count:
/// results are bit-identical with 1 or N threads.
/// </summary>
public static class KernelThreads
{
    /// <summary>Name of the environment variable that sets the default (<c>SPARSITY_THREADS</c>).</summary>
    public const string ThreadsVariable = "SPARSITY_THREADS";

    // 0 when SPARSITY_THREADS is invalid: the error is reported by the first use (or earlier, by KernelEnvironment.Validate),
    // not by the type initialiser, which would wrap it in a TypeInitializationException and break the type for good.
    private static int s_maxThreads = ReadDefault();

    /// <summary>
    /// Upper bound on threads per kernel call (≥ 1). Defaults to <c>SPARSITY_THREADS</c> (a whole number ≥ 1, capped at the
    /// processor count), else the processor count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is below 1.</exception>
    /// <exception cref="InvalidOperationException">Read while <c>SPARSITY_THREADS</c> holds something other than a whole number ≥ 1 and no value was set.</exception>
    public static int MaxThreads
    {
        get
        {
            int n = Volatile.Read(ref s_maxThreads);
            return n > 0 ? n : KernelEnvironment.ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable));
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    private static int ReadDefault()
    {
        try
        {
            return KernelEnvironment.ParseThreads(Environment.GetEnvironmentVariable(ThreadsVariable));
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }
}
