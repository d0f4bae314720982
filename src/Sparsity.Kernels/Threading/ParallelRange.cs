using System.Runtime.ExceptionServices;

namespace Sparsity.Kernels.Threading;

/// <summary>A piece of work over a half-open range of output indices.</summary>
internal interface IRangeWork
{
    /// <summary>Computes the outputs in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    void Run(int start, int end);
}

/// <summary>
/// Runs a range of independent outputs on up to <see cref="KernelThreads.MaxThreads"/> threads without
/// allocating per call: the caller's thread takes the first chunk, pooled work items the others.
/// </summary>
/// <remarks>
/// Work structs carry raw pointers rather than spans (a span cannot cross threads); this is safe because
/// <see cref="Run{T}"/> returns only after every chunk has finished, so the caller's <c>fixed</c> scope outlives them.
/// </remarks>
internal static class ParallelRange
{
    /// <summary>Below this many multiply-adds per call, waking a second thread costs more than it saves.</summary>
    internal const long MinWorkForThreads = 1L << 17;

    /// <summary>Runs <paramref name="work"/> over [0, <paramref name="count"/>).</summary>
    /// <param name="count">Number of outputs.</param>
    /// <param name="grain">Chunk boundaries are multiples of this (e.g. a vector width or a block height).</param>
    /// <param name="workPerItem">Rough cost of one output in multiply-adds, used to decide whether threads pay.</param>
    /// <param name="work">The work; copied once per chunk.</param>
    public static void Run<T>(int count, int grain, long workPerItem, in T work)
        where T : struct, IRangeWork
    {
        int threads = ThreadCount(count, grain, workPerItem);
        if (threads <= 1)
        {
            work.Run(0, count);
            return;
        }

        Chunk<T>[] chunks = Chunk<T>.Rent(threads - 1);
        int per = (count + threads - 1) / threads;
        per = (per + grain - 1) / grain * grain;
        int start = per;
        int used = 0;
        for (int t = 1; t < threads && start < count; t++, used++)
        {
            var c = chunks[used];
            c.Start = start;
            c.End = Math.Min(count, start + per);
            c.Work = work;
            c.Done.Reset();
            ThreadPool.UnsafeQueueUserWorkItem(c, preferLocal: false);
            start = c.End;
        }

        ExceptionDispatchInfo? first = null;
        try
        {
            work.Run(0, Math.Min(per, count));
        }
        catch (Exception e)
        {
            first = ExceptionDispatchInfo.Capture(e);
        }

        for (int t = 0; t < used; t++)
        {
            chunks[t].Done.Wait();
            first ??= chunks[t].Error;
            chunks[t].Error = null;
            chunks[t].Work = default;
        }

        first?.Throw();
    }

    private static int ThreadCount(int count, int grain, long workPerItem)
    {
        int max = KernelThreads.MaxThreads;
        if (max <= 1 || count < 2 * grain || (long)count * workPerItem < MinWorkForThreads)
        {
            return 1;
        }

        return Math.Min(max, count / grain);
    }

    private sealed class Chunk<T> : IThreadPoolWorkItem
        where T : struct, IRangeWork
    {
        [ThreadStatic]
        private static Chunk<T>[]? t_cache;

#pragma warning disable SA1401, CA1051 // plain fields: this is a private mailbox between two threads
        public T Work;
        public int Start;
        public int End;
        public ExceptionDispatchInfo? Error;
#pragma warning restore SA1401, CA1051

        public Chunk()
        {
            // ManualResetEventSlim creates its lock object (24 bytes) the first time a Wait has to block rather than
            // spin; force that here, once per rented chunk, so a later call that blocks on a busy machine allocates nothing.
            Done.Wait(1);
        }

        public ManualResetEventSlim Done { get; } = new(false, spinCount: 2000);

        // One set per calling thread: a thread never runs two parallel regions at once,
        // and workers never start parallel regions of their own.
        public static Chunk<T>[] Rent(int n)
        {
            var cache = t_cache;
            if (cache is null || cache.Length < n)
            {
                cache = new Chunk<T>[n];
                for (int i = 0; i < n; i++)
                {
                    cache[i] = new Chunk<T>();
                }

                t_cache = cache;
            }

            return cache;
        }

        public void Execute()
        {
            try
            {
                Work.Run(Start, End);
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Done.Set();
            }
        }
    }
}
