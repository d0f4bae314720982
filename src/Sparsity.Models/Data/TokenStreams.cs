using Sparsity.Core.Validation;

namespace Sparsity.Models.Data;

/// <summary>How <see cref="TokenStreams"/> lays its B streams of N tokens out in memory.</summary>
public enum BatchLayout
{
    /// <summary><c>[B, N]</c>, row-major: stream b is the contiguous row <c>Data[b·N … b·N + N)</c>.</summary>
    BatchMajor,

    /// <summary><c>[N, B]</c>, row-major (PyTorch's <c>batchify</c>): time step t is the contiguous row <c>Data[t·B … t·B + B)</c>.</summary>
    TimeMajor,
}

/// <summary>
/// A token sequence cut into B contiguous streams of equal length N (the "batchify" of
/// truncated-BPTT training): stream b holds tokens <c>[b·N, (b+1)·N)</c> of the source, and the
/// last <c>T mod B</c> tokens are dropped.
/// </summary>
public sealed class TokenStreams
{
    private TokenStreams(int[] data, int batchSize, int length, BatchLayout layout)
    {
        Data = data;
        BatchSize = batchSize;
        Length = length;
        Layout = layout;
    }

    /// <summary>Gets the number of streams, B.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the tokens per stream, N = ⌊T / B⌋.</summary>
    public int Length { get; }

    /// <summary>Gets the memory layout of <see cref="Data"/>.</summary>
    public BatchLayout Layout { get; }

    /// <summary>Gets the token ids, <c>[B, N]</c> or <c>[N, B]</c> as <see cref="Layout"/> says (B·N entries).</summary>
    public int[] Data { get; }

    /// <summary>Gets token t of stream b, whatever the layout.</summary>
    /// <param name="b">The stream, in <c>[0, B)</c>.</param>
    /// <param name="t">The position, in <c>[0, N)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="b"/> or <paramref name="t"/> is out of range.</exception>
    public int this[int b, int t]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(b);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, BatchSize);
            ArgumentOutOfRangeException.ThrowIfNegative(t);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, Length);
            return Layout == BatchLayout.BatchMajor ? Data[(b * Length) + t] : Data[(t * BatchSize) + b];
        }
    }

    /// <summary>
    /// Splits <paramref name="tokens"/> (<c>[T]</c>) into <paramref name="batchSize"/> contiguous
    /// streams of N = ⌊T / B⌋ tokens, dropping the remainder; effectively
    /// <c>stream[b][t] = tokens[b·N + t]</c>.
    /// </summary>
    /// <param name="tokens">The token ids, <c>[T]</c>.</param>
    /// <param name="batchSize">B, at least 1.</param>
    /// <param name="layout">The memory layout of the result.</param>
    /// <returns>The streams (N may be 0 when T &lt; B).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="layout"/> is not a defined value.</exception>
    public static TokenStreams Batchify(ReadOnlySpan<int> tokens, int batchSize, BatchLayout layout)
    {
        ThrowHelper.Positive(batchSize, nameof(batchSize));
        if (!Enum.IsDefined(layout))
        {
            ThrowHelper.Argument(nameof(layout), $"Unknown batch layout {(int)layout}.");
        }

        int length = tokens.Length / batchSize;
        int[] data = new int[length * batchSize];
        if (layout == BatchLayout.BatchMajor)
        {
            tokens[..data.Length].CopyTo(data);
        }
        else
        {
            for (int b = 0; b < batchSize; b++)
            {
                ReadOnlySpan<int> stream = tokens.Slice(b * length, length);
                for (int t = 0; t < length; t++)
                {
                    data[(t * batchSize) + b] = stream[t];
                }
            }
        }

        return new TokenStreams(data, batchSize, length, layout);
    }
}
