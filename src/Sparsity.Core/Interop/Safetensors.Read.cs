using System.Buffers;
using System.Buffers.Binary;

namespace Sparsity.Core.Interop;

public static partial class Safetensors
{
    /// <summary>Bytes converted per chunk while reading a tensor.</summary>
    private const int ChunkBytes = 1 << 20;

    /// <summary>Reads a safetensors file from a stream: the stream, from its position to its end, must hold exactly one file.</summary>
    /// <param name="stream">A readable stream, seekable or not.</param>
    /// <returns>The tensors, in data-offset order, as float32, with the metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The file is malformed (see <see cref="Safetensors"/>), a dtype other than
    /// F32, F64, F16 or BF16 is used, or a tensor has more elements than a float array can hold.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static TensorMap Read(Stream stream)
    {
        CheckReadable(stream);
        long? remaining = Remaining(stream);
        SafetensorsHeader header = ReadHeaderCore(stream, remaining);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            CheckLoadable(entry);
        }

        Stream data = stream;
        if (remaining is null)
        {
            // Unknown length: take the buffer as its bytes arrive, then insist the stream ends there.
            data = new MemoryStream(ReadBytes(stream, header.DataBytes, bounded: false, "the data buffer"), writable: false);
            if (stream.ReadByte() >= 0)
            {
                throw Error($"the stream continues after the {header.DataBytes}-byte data buffer; the file must end with the buffer.");
            }
        }

        var map = new TensorMap();
        foreach (var (key, value) in header.Metadata)
        {
            map.Metadata[key] = value;
        }

        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (SafetensorsEntry entry in header.Entries)
            {
                map.Add(entry.Name, ReadTensor(data, entry, chunk));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return map;
    }

    /// <summary>Reads a safetensors file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The tensors, as float32, with the metadata.</returns>
    /// <exception cref="InvalidDataException">The file is malformed or unsupported (see <see cref="Read(Stream)"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TensorMap ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream);
    }

    /// <summary>Reads and validates only the header: names, dtypes, shapes, offsets and metadata, whatever the dtypes.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file. When it is seekable, the data buffer's
    /// size is checked against the stream length too; its bytes are never read.</param>
    /// <returns>The header, entries in data-offset order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">The header is malformed, or (seekable streams) disagrees with the stream length.</exception>
    public static SafetensorsHeader ReadHeader(Stream stream)
    {
        CheckReadable(stream);
        return ReadHeaderCore(stream, Remaining(stream));
    }

    private static SafetensorsHeader ReadHeaderCore(Stream stream, long? remaining)
    {
        Span<byte> prefix = stackalloc byte[LengthBytes];
        int got = stream.ReadAtLeast(prefix, LengthBytes, throwOnEndOfStream: false);
        if (got < LengthBytes)
        {
            throw Error($"truncated: the file has {got} bytes, fewer than the {LengthBytes}-byte header length field.");
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderBytes)
        {
            throw Error($"the header length field is {length}, above the {MaxHeaderBytes}-byte limit; the file is corrupt or not a safetensors file.");
        }

        if (remaining is long total && (long)length > total - LengthBytes)
        {
            throw Error($"truncated: the header length field is {length}, but only {total - LengthBytes} bytes follow it.");
        }

        byte[] json = ReadBytes(stream, (long)length, bounded: remaining is not null, "the header");
        SafetensorsHeader header = SafetensorsHeaderParser.Parse(json);
        if (remaining is long size)
        {
            long left = size - LengthBytes - (long)length;
            if (left < header.DataBytes)
            {
                throw Error($"truncated: the header describes a {header.DataBytes}-byte data buffer, but only {left} bytes follow the header.");
            }

            if (left > header.DataBytes)
            {
                throw Error($"{left - header.DataBytes} bytes follow the {header.DataBytes}-byte data buffer; the file must end with the buffer.");
            }
        }

        return header;
    }

    private static void CheckLoadable(SafetensorsEntry entry)
    {
        if (!SafetensorsDtype.IsReadable(entry.Dtype))
        {
            throw Error($"tensor '{entry.Name}' has dtype {entry.Dtype}, which cannot be read as float32; supported dtypes: {SafetensorsDtype.Readable}.");
        }

        foreach (long dimension in entry.Shape)
        {
            if (dimension > int.MaxValue)
            {
                throw Error($"tensor '{entry.Name}' has shape {entry.ShapeText}, with a dimension beyond int.MaxValue.");
            }
        }

        if (entry.ElementCount > Array.MaxLength)
        {
            throw Error($"tensor '{entry.Name}' has {entry.ElementCount} elements, more than a float array can hold.");
        }
    }

    /// <summary>Reads one tensor's bytes (the next ones in the stream) in chunks and converts them to float32.</summary>
    private static FloatTensor ReadTensor(Stream data, SafetensorsEntry entry, byte[] chunk)
    {
        int size = SafetensorsDtype.SizeOf(entry.Dtype);
        var values = new float[entry.ElementCount];
        int perChunk = ChunkBytes / size;
        for (int start = 0; start < values.Length; start += perChunk)
        {
            int count = Math.Min(perChunk, values.Length - start);
            Span<byte> raw = chunk.AsSpan(0, count * size);
            if (data.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false) < raw.Length)
            {
                throw Error($"truncated: the data of tensor '{entry.Name}' ends early.");
            }

            SafetensorsDtype.Convert(entry.Dtype, raw, values.AsSpan(start, count));
        }

        var shape = new int[entry.Shape.Count];
        for (int axis = 0; axis < shape.Length; axis++)
        {
            shape[axis] = (int)entry.Shape[axis];
        }

        return new FloatTensor(shape, values);
    }

    /// <summary>Bytes from the position to the end, or null when the stream cannot tell.</summary>
    private static long? Remaining(Stream stream)
    {
        if (!stream.CanSeek)
        {
            return null;
        }

        try
        {
            return Math.Max(0, stream.Length - stream.Position);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes. When the stream length was checked (<paramref name="bounded"/>) the
    /// array is allocated at once; otherwise it grows as bytes arrive, so a length read from a hostile file costs
    /// memory only for bytes that really exist.
    /// </summary>
    private static byte[] ReadBytes(Stream stream, long count, bool bounded, string what)
    {
        if (count > Array.MaxLength)
        {
            throw Error($"{what} is {count} bytes, too large to read into memory from a stream of unknown length.");
        }

        if (bounded)
        {
            var bytes = new byte[count];
            int got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return got == count ? bytes : throw Error($"truncated: {what} needs {count} bytes, but the stream ends after {got}.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[(int)Math.Min(count, 1 << 16)];
        long left = count;
        while (left > 0)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
            if (read == 0)
            {
                throw Error($"truncated: {what} needs {count} bytes, but the stream ends after {count - left}.");
            }

            buffer.Write(chunk, 0, read);
            left -= read;
        }

        return buffer.ToArray();
    }
}
