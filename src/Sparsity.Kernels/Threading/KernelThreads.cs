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

    private static int s_maxThreads = ReadDefault();

    /// <summary>Upper bound on threads per kernel call (≥ 1). Defaults to <c>SPARSITY_THREADS</c>, else the processor count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is below 1.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref s_maxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref s_maxThreads, value);
        }
    }

    private static int ReadDefault()
    {
        string? s = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(s))
        {
            return Environment.ProcessorCount;
        }

        return int.TryParse(s, out int n) && n >= 1
            ? n
            : throw new InvalidOperationException($"{ThreadsVariable}='{s}' must be a whole number ≥ 1.");
    }
}
