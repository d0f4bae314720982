namespace Sparsity.Core.Interop;

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">The tensor name.</param>
/// <param name="Dtype">The element type as written in the file, e.g. <c>F32</c>, <c>BF16</c>, <c>I64</c>.</param>
/// <param name="Shape">The dimensions (empty for a scalar).</param>
/// <param name="DataBegin">First byte of the tensor, relative to the start of the data buffer.</param>
/// <param name="DataEnd">One past the last byte, relative to the start of the data buffer.</param>
public sealed record SafetensorsEntry(string Name, string Dtype, IReadOnlyList<long> Shape, long DataBegin, long DataEnd)
{
    /// <summary>Number of elements: the product of <see cref="Shape"/>.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }

    /// <summary>The shape as text, e.g. <c>[3, 4]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>The validated header of a safetensors file: its tensor entries and metadata.</summary>
/// <param name="Entries">The tensors in data-offset order (the order of their bytes in the buffer).</param>
/// <param name="Metadata">The <c>__metadata__</c> entries (empty when absent).</param>
/// <param name="HeaderBytes">The length N of the JSON header, padding included.</param>
/// <param name="DataBytes">The length of the data buffer that follows the header.</param>
public sealed record SafetensorsHeader(
    IReadOnlyList<SafetensorsEntry> Entries,
    IReadOnlyDictionary<string, string> Metadata,
    long HeaderBytes,
    long DataBytes)
{
    /// <summary>Size of the whole file: 8 + <see cref="HeaderBytes"/> + <see cref="DataBytes"/>.</summary>
    public long FileBytes => 8 + HeaderBytes + DataBytes;
}
