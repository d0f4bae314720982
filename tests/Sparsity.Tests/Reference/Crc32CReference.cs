namespace Sparsity.Tests.Reference;

/// <summary>
/// CRC-32C computed bit by bit from its definition (reflected polynomial 0x82F63B78, initial value and final
/// XOR 0xFFFFFFFF): slow and independent of the hardware instruction the library uses.
/// </summary>
public static class Crc32CReference
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum.</returns>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}
