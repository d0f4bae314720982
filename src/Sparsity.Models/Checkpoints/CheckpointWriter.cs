using System.Buffers.Binary;
using Sparsity.Core.Serialization;

namespace Sparsity.Models.Checkpoints;

/// <summary>Writes checkpoints atomically: a reader sees the old complete file or the new complete file, never a mix.</summary>
public static class CheckpointWriter
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// Writes <paramref name="checkpoint"/> to <paramref name="path"/>: into a temporary file in the same directory
    /// (so the final rename stays on one file system), flushed to disk, then renamed over <paramref name="path"/>.
    /// If anything fails, the temporary file is deleted and an existing file at <paramref name="path"/> is untouched.
    /// </summary>
    /// <param name="path">Destination file; its directory must exist.</param>
    /// <param name="checkpoint">What to write.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The path is empty, or the checkpoint is inconsistent (repeated parameter
    /// name, a mask for an unknown parameter or of the wrong shape, a null vocabulary entry).</exception>
    /// <exception cref="IOException">The file system refused (e.g. <see cref="DirectoryNotFoundException"/>), or the
    /// checkpoint exceeds the format's limit of about 2 GiB (the reader verifies a file in one array).</exception>
    /// <remarks>
    /// The rename itself is atomic on POSIX and NTFS; its durability across a power loss would also need the directory
    /// to be synced, which .NET does not expose. Temporary files are named <c>.{name}.{random}.tmp</c>; those a killed
    /// write left behind are deleted by the next write of the same checkpoint. Errors name <paramref name="path"/>, not the temporary file.
    /// </remarks>
    public static void Write(string path, Checkpoint checkpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CheckpointPayload.Validate(checkpoint);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        string name = Path.GetFileName(full);
        string temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            RemoveStaleTemps(directory, name);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                WriteTo(stream, checkpoint);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            // The system's message names the hidden temporary file; the user knows the checkpoint.
            string reason = e.Message.Replace(temp, full, StringComparison.Ordinal);
            string message = $"Cannot write checkpoint '{full}': {reason}";
            throw e switch
            {
                UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
                DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
                _ => new IOException(message, e),
            };
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Deletes the temporary files that earlier writes of the same checkpoint left when they were killed: exactly the
    /// files <c>.{name}.{32 hex digits}.tmp</c> in its directory, nothing else.
    /// </summary>
    private static void RemoveStaleTemps(string directory, string name)
    {
        string prefix = $".{name}.";
        const string Suffix = ".tmp";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, "*" + Suffix);
        }
        catch (IOException)
        {
            return; // the write itself reports a missing or unreadable directory
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (string candidate in candidates)
        {
            string file = Path.GetFileName(candidate);
            if (file.Length == prefix.Length + 32 + Suffix.Length && file.StartsWith(prefix, StringComparison.Ordinal) && file.EndsWith(Suffix, StringComparison.Ordinal)
                && !file.AsSpan(prefix.Length, 32).ContainsAnyExcept(HexDigits))
            {
                TryDelete(candidate);
            }
        }
    }

    /// <summary>Writes the whole file image to a seekable stream positioned at its start (header patched at the end).</summary>
    private static void WriteTo(Stream stream, Checkpoint checkpoint)
    {
        Span<byte> header = stackalloc byte[CheckpointFormat.HeaderSize];
        stream.Write(header);

        var payload = new PayloadWriter(stream);
        CheckpointPayload.Write(payload, checkpoint);
        payload.Flush();
        if (payload.Length > Array.MaxLength - CheckpointFormat.HeaderSize)
        {
            // The reader holds the whole file in one array; refuse to leave behind a file it cannot read.
            throw new IOException($"The checkpoint payload ({payload.Length} bytes) exceeds the format's limit of about 2 GiB.");
        }

        CheckpointFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], CheckpointFormat.Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], payload.Length);
        uint crc = Crc32C.Finish(Crc32C.Append(payload.Crc, header[..CheckpointFormat.ChecksummedHeaderSize]));
        BinaryPrimitives.WriteUInt32LittleEndian(header[CheckpointFormat.ChecksummedHeaderSize..], crc);
        stream.Position = 0;
        stream.Write(header);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original exception matters more; a leftover temp file is harmless and recognisable by its name.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
