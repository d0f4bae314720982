using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sparsity.Core.Interop;

/// <summary>
/// The element types of the safetensors format: their names, sizes, and the conversions to float32 this library
/// supports (F32 as is; F64, F16 and BF16 rounded to the nearest float32).
/// </summary>
internal static class SafetensorsDtype
{
    /// <summary>The dtype this library writes.</summary>
    public const string Float32 = "F32";

    /// <summary>The dtypes this library reads (converting to float32), for messages.</summary>
    public const string Readable = "F32, F64, F16, BF16";

    /// <summary>Byte sizes of the byte-aligned dtypes of the safetensors specification.</summary>
    private static readonly Dictionary<string, int> Sizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1,
        ["U8"] = 1,
        ["I8"] = 1,
        ["F8_E5M2"] = 1,
        ["F8_E4M3"] = 1,
        ["F8_E8M0"] = 1,
        ["I16"] = 2,
        ["U16"] = 2,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I32"] = 4,
        ["U32"] = 4,
        ["F32"] = 4,
        ["I64"] = 8,
        ["U64"] = 8,
        ["F64"] = 8,
        ["C64"] = 8,
    };

    /// <summary>The size in bytes of one element, or 0 when the dtype is not a byte-aligned type of the specification.</summary>
    /// <param name="dtype">The dtype name as written in the header.</param>
    /// <returns>The size, or 0.</returns>
    public static int SizeOf(string dtype) => Sizes.TryGetValue(dtype, out int size) ? size : 0;

    /// <summary>Whether <see cref="Convert"/> accepts the dtype.</summary>
    /// <param name="dtype">The dtype name.</param>
    /// <returns>True for F32, F64, F16 and BF16.</returns>
    public static bool IsReadable(string dtype) => dtype is "F32" or "F64" or "F16" or "BF16";

    /// <summary>Converts little-endian raw elements to float32.</summary>
    /// <param name="dtype">A dtype for which <see cref="IsReadable"/> holds.</param>
    /// <param name="raw">The raw bytes: <c>[values.Length · size]</c>.</param>
    /// <param name="values">The destination.</param>
    public static void Convert(string dtype, ReadOnlySpan<byte> raw, Span<float> values)
    {
        switch (dtype)
        {
            case "F32":
                if (BitConverter.IsLittleEndian)
                {
                    raw.CopyTo(MemoryMarshal.AsBytes(values));
                }
                else
                {
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                    }
                }

                break;
            case "F64":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                }

                break;
            case "F16":
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                }

                break;
            case "BF16":
                // bfloat16 is the upper half of a float32: widening is exact.
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]) << 16);
                }

                break;
            default:
                throw new InvalidOperationException($"dtype {dtype} is not convertible.");
        }
    }
}
