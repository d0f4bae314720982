using System.Buffers.Binary;
using System.Numerics;

namespace Sparsity.Core.Serialization;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF), the
/// checksum of iSCSI, ext4 and Btrfs. It is chosen over CRC-32 because <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// maps it to the SSE4.2 / ARMv8 CRC instructions (with a table fallback in the runtime), so checksumming a
/// checkpoint costs far less than writing it, and because, like every 32-bit CRC, it detects every error
/// burst of at most 32 bits: a single corrupted byte is always caught.
/// </summary>
public static class Crc32C
{
    /// <summary>The register value before any byte is processed.</summary>
    public const uint Seed = 0xFFFF_FFFF;

    /// <summary>Feeds <paramref name="data"/> into a running register (not yet finalised).</summary>
    /// <param name="state">The register, <see cref="Seed"/> for a fresh checksum.</param>
    /// <param name="data">The next bytes.</param>
    /// <returns>The updated register.</returns>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            // The CRC instruction consumes the least significant byte first, i.e. the bytes in stream order.
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    /// <summary>The checksum of everything fed so far.</summary>
    /// <param name="state">The running register.</param>
    /// <returns>The finalised CRC-32C.</returns>
    public static uint Finish(uint state) => ~state;

    /// <summary>The CRC-32C of <paramref name="data"/> in one call.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum; <c>Compute("123456789"u8)</c> is 0xE3069283.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));
}
