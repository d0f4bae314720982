using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

using Sparsity.Core.Validation;

namespace Sparsity.Core.Interop;

public static partial class Safetensors
{
    /// <summary>Floats written per chunk.</summary>
    private const int ChunkFloats = 1 << 18;

    /// <summary>UTF-8 that refuses lone surrogates instead of writing U+FFFD, so a name is never silently changed.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes the tensors as a safetensors file (dtype F32) to a stream.</summary>
    /// <param name="stream">A writable stream; the file starts at its position.</param>
    /// <param name="tensors">The tensors and metadata. Tensors are laid out sorted by name, whatever the map's order.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable, a name or metadata string is not
    /// valid UTF-16 (a lone surrogate), or the header would exceed <see cref="MaxHeaderBytes"/>.</exception>
    /// <exception cref="IOException">The stream fails.</exception>
    public static void Write(Stream stream, TensorMap tensors)
    {
        CheckWritable(stream);
        ThrowHelper.NotNull(tensors, nameof(tensors));
        byte[] header = BuildHeader(tensors, out string[] order);

        Span<byte> prefix = stackalloc byte[LengthBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        byte[]? swapped = BitConverter.IsLittleEndian ? null : new byte[ChunkFloats * sizeof(float)];
        foreach (string name in order)
        {
            float[] values = tensors[name].Values;
            for (int start = 0; start < values.Length; start += ChunkFloats)
            {
                ReadOnlySpan<float> part = values.AsSpan(start, Math.Min(ChunkFloats, values.Length - start));
                if (swapped is null)
                {
                    stream.Write(MemoryMarshal.AsBytes(part));
                }
                else
                {
                    for (int i = 0; i < part.Length; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(swapped.AsSpan(i * sizeof(float)), part[i]);
                    }

                    stream.Write(swapped, 0, part.Length * sizeof(float));
                }
            }
        }
    }

    /// <summary>
    /// Writes the tensors as a safetensors file, atomically: the bytes go to a temporary file in the same folder that
    /// then replaces <paramref name="path"/>, so a crash never leaves a half-written file under that name.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors and metadata.</param>
    /// <exception cref="ArgumentException">See <see cref="Write(Stream, TensorMap)"/>; or the path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteFile(string path, TensorMap tensors)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowHelper.NotNull(tensors, nameof(tensors));
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Write(stream, tensors);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>The padded JSON header, and the tensor names in layout order.</summary>
    private static byte[] BuildHeader(TensorMap tensors, out string[] order)
    {
        var names = new List<(byte[] Utf8, string Name)>(tensors.Count);
        foreach (string name in tensors.Names)
        {
            names.Add((Encode(name, "tensor name", nameof(tensors)), name));
        }

        // The reference sorts by dtype (all F32 here), then by name as Rust compares strings: by UTF-8 bytes.
        names.Sort((a, b) => a.Utf8.AsSpan().SequenceCompareTo(b.Utf8));
        order = names.Select(n => n.Name).ToArray();

        var json = new MemoryStream();
        json.WriteByte((byte)'{');
        bool first = true;
        if (tensors.Metadata.Count > 0)
        {
            var entries = tensors.Metadata
                .Select(kv => (Key: Encode(kv.Key, "metadata key", nameof(tensors)), Value: Encode(kv.Value, $"metadata value of '{kv.Key}'", nameof(tensors))))
                .ToList();
            entries.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
            WriteString(json, StrictUtf8.GetBytes(MetadataKey));
            json.Write(":{"u8);
            for (int i = 0; i < entries.Count; i++)
            {
                if (i > 0)
                {
                    json.WriteByte((byte)',');
                }

                WriteString(json, entries[i].Key);
                json.WriteByte((byte)':');
                WriteString(json, entries[i].Value);
            }

            json.WriteByte((byte)'}');
            first = false;
        }

        long offset = 0;
        foreach (var (utf8, name) in names)
        {
            FloatTensor tensor = tensors[name];
            long end = offset + ((long)tensor.Count * sizeof(float));
            if (!first)
            {
                json.WriteByte((byte)',');
            }

            first = false;
            WriteString(json, utf8);
            json.Write(":{\"dtype\":\"F32\",\"shape\":["u8);
            for (int axis = 0; axis < tensor.Rank; axis++)
            {
                if (axis > 0)
                {
                    json.WriteByte((byte)',');
                }

                WriteAscii(json, tensor.Shape[axis].ToString(CultureInfo.InvariantCulture));
            }

            json.Write("],\"data_offsets\":["u8);
            WriteAscii(json, offset.ToString(CultureInfo.InvariantCulture));
            json.WriteByte((byte)',');
            WriteAscii(json, end.ToString(CultureInfo.InvariantCulture));
            json.Write("]}"u8);
            offset = end;
        }

        json.WriteByte((byte)'}');

        // Pad with spaces so the data buffer starts 8-byte aligned, as the reference does.
        while (json.Length % 8 != 0)
        {
            json.WriteByte((byte)' ');
        }

        if (json.Length > MaxHeaderBytes)
        {
            ThrowHelper.Argument(nameof(tensors), $"The header would be {json.Length} bytes, above the {MaxHeaderBytes}-byte limit readers accept.");
        }

        return json.ToArray();
    }

    private static byte[] Encode(string text, string what, string paramName)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            ThrowHelper.Argument(paramName, $"The {what} '{text}' is not valid UTF-16 (it holds a lone surrogate) and cannot be written as UTF-8.");
            throw;
        }
    }

    /// <summary>Writes a JSON string as serde_json does: UTF-8 as is; <c>"</c>, <c>\</c> and control characters escaped.</summary>
    private static void WriteString(MemoryStream json, byte[] utf8)
    {
        json.WriteByte((byte)'"');
        foreach (byte b in utf8)
        {
            switch (b)
            {
                case (byte)'"':
                    json.Write("\\\""u8);
                    break;
                case (byte)'\\':
                    json.Write("\\\\"u8);
                    break;
                case 0x08:
                    json.Write("\\b"u8);
                    break;
                case 0x09:
                    json.Write("\\t"u8);
                    break;
                case 0x0A:
                    json.Write("\\n"u8);
                    break;
                case 0x0C:
                    json.Write("\\f"u8);
                    break;
                case 0x0D:
                    json.Write("\\r"u8);
                    break;
                case < 0x20:
                    WriteAscii(json, $"\\u00{b:x2}");
                    break;
                default:
                    // Bytes of multi-byte UTF-8 sequences are all ≥ 0x80, so byte-wise escaping is safe.
                    json.WriteByte(b);
                    break;
            }
        }

        json.WriteByte((byte)'"');
    }

    private static void WriteAscii(MemoryStream json, string text)
    {
        foreach (char c in text)
        {
            json.WriteByte((byte)c);
        }
    }
}
