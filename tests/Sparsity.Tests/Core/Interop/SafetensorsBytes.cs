using System.Text;

namespace Sparsity.Tests.Core.Interop;

/// <summary>
/// Builds safetensors files byte by byte from the format specification, without the library's writer: an 8-byte
/// little-endian header length, the UTF-8 JSON header, then the data buffer.
/// </summary>
public static class SafetensorsBytes
{
    /// <summary>Concatenates the length field, the header text and the data bytes.</summary>
    /// <param name="header">The JSON header text (written as UTF-8, unpadded).</param>
    /// <param name="data">The data buffer.</param>
    /// <returns>The file.</returns>
    public static byte[] File(string header, params byte[][] data) => FileWithLength(null, Encoding.UTF8.GetBytes(header), data);

    /// <summary>Like <see cref="File"/>, but with an arbitrary value in the length field and raw header bytes.</summary>
    /// <param name="length">The length field; null for the true header length.</param>
    /// <param name="header">The header bytes.</param>
    /// <param name="data">The data buffer pieces.</param>
    /// <returns>The file.</returns>
    public static byte[] FileWithLength(ulong? length, byte[] header, params byte[][] data)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(data);
        var bytes = new List<byte>();
        ulong n = length ?? (ulong)header.Length;
        for (int i = 0; i < 8; i++)
        {
            bytes.Add((byte)(n >> (8 * i)));
        }

        bytes.AddRange(header);
        foreach (byte[] piece in data)
        {
            bytes.AddRange(piece);
        }

        return [.. bytes];
    }

    /// <summary>Little-endian IEEE-754 single-precision bytes of each value.</summary>
    /// <param name="values">The values.</param>
    /// <returns>4 bytes per value.</returns>
    public static byte[] F32(params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(values[i]);
            for (int b = 0; b < 4; b++)
            {
                bytes[(i * 4) + b] = (byte)(bits >> (8 * b));
            }
        }

        return bytes;
    }

    /// <summary>Little-endian bytes of raw 16- or 64-bit patterns.</summary>
    /// <param name="width">Bytes per element (2 or 8).</param>
    /// <param name="bits">The bit patterns.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Raw(int width, params ulong[] bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        var bytes = new byte[bits.Length * width];
        for (int i = 0; i < bits.Length; i++)
        {
            for (int b = 0; b < width; b++)
            {
                bytes[(i * width) + b] = (byte)(bits[i] >> (8 * b));
            }
        }

        return bytes;
    }
}
