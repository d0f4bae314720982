using Sparsity.Core.Validation;

namespace Sparsity.Core.Interop;

/// <summary>
/// Reads and writes the safetensors format (huggingface/safetensors), the tensor file format PyTorch, JAX and
/// Hugging Face tools exchange weights in: tensors in a <see cref="TensorMap"/>, elements as float32.
/// </summary>
/// <remarks>
/// <para>Layout of a file:</para>
/// <list type="number">
/// <item><description>N: 8 bytes, unsigned little-endian, the length of the header;</description></item>
/// <item><description>the header: N bytes of UTF-8 JSON, an object
/// <c>{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …, "__metadata__": {"key": "value"}}</c>
/// (metadata optional), padded at the end with spaces;</description></item>
/// <item><description>the data buffer: the raw little-endian, row-major elements of every tensor, each at
/// <c>[begin, end)</c> relative to the buffer's start. The tensors cover the buffer with no hole and no overlap,
/// and the file ends with the buffer.</description></item>
/// </list>
/// <para>Writing is deterministic and byte-compatible with the reference implementation for float32 tensors: the
/// tensors are laid out sorted by name (ordinal over UTF-8 bytes), the header is compact JSON with the metadata
/// first (keys sorted the same way), strings escaped as serde_json does, and padded with spaces to a multiple of 8
/// bytes. Only F32 is written. Reading accepts F32, and converts F64, F16 and BF16 to the nearest float32.</para>
/// <para>Reading validates the whole header before allocating anything the header describes: a header length above
/// <see cref="MaxHeaderBytes"/> or beyond the end of the stream, truncation, invalid UTF-8 or JSON, malformed or
/// duplicate entries, unknown dtypes, overflowing shapes, offsets out of range, overlaps or holes in the buffer and
/// trailing bytes are each reported as <see cref="InvalidDataException"/> naming the tensor and the broken rule.
/// On a seekable stream the described sizes are checked against the stream length first; on any other stream the
/// buffer is read in growing chunks as its bytes arrive, so a hostile header cannot trigger a huge allocation.</para>
/// </remarks>
public static partial class Safetensors
{
    /// <summary>The largest header a reader accepts (100 MB, the reference implementation's limit).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The reserved header key that holds the string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>The size of the leading length field.</summary>
    private const int LengthBytes = 8;

    /// <summary>Builds the exception every malformed file is reported with.</summary>
    /// <param name="message">The broken rule.</param>
    /// <param name="inner">The underlying error, if any.</param>
    /// <returns>The exception.</returns>
    internal static InvalidDataException Error(string message, Exception? inner = null) =>
        new($"Invalid safetensors file: {message}", inner);

    private static void CheckReadable(Stream stream)
    {
        ThrowHelper.NotNull(stream, nameof(stream));
        if (!stream.CanRead)
        {
            ThrowHelper.Argument(nameof(stream), "The stream must be readable.");
        }
    }

    private static void CheckWritable(Stream stream)
    {
        ThrowHelper.NotNull(stream, nameof(stream));
        if (!stream.CanWrite)
        {
            ThrowHelper.Argument(nameof(stream), "The stream must be writable.");
        }
    }
}
