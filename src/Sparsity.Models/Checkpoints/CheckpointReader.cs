using System.Buffers.Binary;
using Sparsity.Core.Serialization;

namespace Sparsity.Models.Checkpoints;

/// <summary>Reads checkpoints written by <see cref="CheckpointWriter"/>, verifying everything before trusting any of it.</summary>
public static class CheckpointReader
{
    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The checkpoint, bit-identical to what was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="CheckpointException">
    /// The file is missing, truncated (or has trailing bytes), has the wrong magic, an unsupported format version,
    /// a checksum mismatch, or a malformed payload. The message names the file and the problem.
    /// </exception>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist.", e);
        }

        return Parse(data, path);
    }

    /// <summary>Verifies and decodes a whole file image.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="path">The file's name, for messages.</param>
    /// <returns>The checkpoint.</returns>
    internal static Checkpoint Parse(ReadOnlySpan<byte> data, string path)
    {
        int header = CheckpointFormat.HeaderSize;
        if (data.Length < CheckpointFormat.Magic.Length || !data[..CheckpointFormat.Magic.Length].SequenceEqual(CheckpointFormat.Magic))
        {
            if (data.Length < CheckpointFormat.Magic.Length && CheckpointFormat.Magic.StartsWith(data))
            {
                throw new CheckpointException($"Checkpoint '{path}' is truncated: {data.Length} bytes, the header alone needs {header}.");
            }

            throw new CheckpointException($"'{path}' is not a checkpoint: wrong magic (expected \"SPRSCKPT\" at the start).");
        }

        if (data.Length < header)
        {
            throw new CheckpointException($"Checkpoint '{path}' is truncated: {data.Length} bytes, the header alone needs {header}.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (version != CheckpointFormat.Version)
        {
            string why = version > CheckpointFormat.Version ? "it was written by a newer format version" : "that version is not supported";
            throw new CheckpointException(
                $"Checkpoint '{path}' has format version {version}; this library reads version {CheckpointFormat.Version} ({why}).");
        }

        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(data[12..]);
        long actual = data.Length - header;
        if (payloadLength != actual)
        {
            string what = payloadLength > actual || payloadLength < 0
                ? "is truncated (or its length field is corrupted)"
                : "has trailing bytes (or its length field is corrupted)";
            throw new CheckpointException($"Checkpoint '{path}' {what}: the header announces {payloadLength} payload bytes, the file holds {actual}.");
        }

        ReadOnlySpan<byte> payload = data[header..];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(data[CheckpointFormat.ChecksummedHeaderSize..]);
        uint computed = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, payload), data[..CheckpointFormat.ChecksummedHeaderSize]));
        if (stored != computed)
        {
            throw new CheckpointException(
                $"Checkpoint '{path}' is corrupted: checksum mismatch (stored 0x{stored:X8}, computed 0x{computed:X8}).");
        }

        var reader = new PayloadReader(payload, path);
        return CheckpointPayload.Read(ref reader);
    }
}
