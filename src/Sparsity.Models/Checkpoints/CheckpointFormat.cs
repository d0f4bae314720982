namespace Sparsity.Models.Checkpoints;

/// <summary>
/// The checkpoint file layout, version 1. All numbers little-endian.
/// <code>
/// header (24 bytes)
///   0  magic "SPRSCKPT" (8 bytes)
///   8  uint32 format version
///  12  int64  payload length in bytes
///  20  uint32 CRC-32C of payload ‖ header bytes 0..19
/// payload
///   string  model configuration (JSON)
///   int32 n, n × string                                   vocabulary
///   int32 n, n × { string name, tensor shape,
///                  byte hasMask, [mask bits, LSB first],
///                  float32 values }                        parameters
///   byte hasOptimizer, [record scalars, int32 n, n × { string name, tensor shape, float32 values }]
///   int32 n, n × uint64                                   random state
///   record                                                 training position
/// string = int32 byte count + UTF-8; tensor shape = int32 rank + rank × int32;
/// record = int32 n, n × { string key, byte kind (1 int64, 2 double bits, 3 string), value }
/// </code>
/// The checksum covers the header fields as well, so any single corrupted byte is reported; it is computed over the
/// payload first because the payload is streamed to disk before its length is known.
/// </summary>
internal static class CheckpointFormat
{
    /// <summary>Header size in bytes.</summary>
    public const int HeaderSize = 24;

    /// <summary>Bytes of the header covered by the checksum.</summary>
    public const int ChecksummedHeaderSize = 20;

    /// <summary>The version this library writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>The magic bytes, "SPRSCKPT".</summary>
    public static ReadOnlySpan<byte> Magic => "SPRSCKPT"u8;
}
