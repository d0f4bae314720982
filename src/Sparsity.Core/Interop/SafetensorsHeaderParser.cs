using System.Text.Json;
using System.Text.Unicode;

namespace Sparsity.Core.Interop;

/// <summary>
/// Parses and validates the JSON header of a safetensors file. Every way a header can be wrong becomes an
/// <see cref="InvalidDataException"/> that names the tensor and the broken rule; nothing is allocated from a
/// size written in the header (the data buffer is checked against the header afterwards by the caller).
/// </summary>
/// <remarks>
/// The rules are those of the reference implementation (huggingface/safetensors, <c>Metadata::validate</c>): the
/// header is UTF-8 JSON starting with <c>{</c>; every entry but <c>__metadata__</c> is an object with a known
/// <c>dtype</c>, a <c>shape</c> of non-negative integers and two <c>data_offsets</c> <c>[begin, end)</c> with
/// <c>end − begin = product(shape) × size(dtype)</c>; sorted by offset the tensors tile the buffer from 0 with no
/// hole and no overlap. Beyond the reference, duplicate names (which its JSON parser silently collapses) are rejected.
/// Unknown keys inside an entry are ignored, as the reference does.
/// </remarks>
internal static class SafetensorsHeaderParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>Parses a header.</summary>
    /// <param name="json">The N header bytes (padding included).</param>
    /// <returns>The validated header; entries in data-offset order.</returns>
    /// <exception cref="InvalidDataException">The header breaks a rule of the format.</exception>
    public static SafetensorsHeader Parse(byte[] json)
    {
        if (!Utf8.IsValid(json))
        {
            throw Safetensors.Error("the header is not valid UTF-8.");
        }

        if (json.Length == 0 || json[0] != (byte)'{')
        {
            string found = json.Length == 0 ? "an empty header" : $"byte 0x{json[0]:X2}";
            throw Safetensors.Error($"the header must be a JSON object starting with '{{', but starts with {found}.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json, Options);
            return Build(document.RootElement, json.Length);
        }
        catch (JsonException e)
        {
            throw Safetensors.Error($"the header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement throws this for strings that cannot be unescaped to valid UTF-16 (lone surrogates).
            throw Safetensors.Error($"the header holds an invalid JSON string: {e.Message}", e);
        }
    }

    private static SafetensorsHeader Build(JsonElement root, long headerBytes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Safetensors.Error($"the header must be a JSON object, but is {root.ValueKind}.");
        }

        var entries = new List<SafetensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string name = property.Name;
            if (string.Equals(name, Safetensors.MetadataKey, StringComparison.Ordinal))
            {
                if (sawMetadata)
                {
                    throw Safetensors.Error($"the header has two '{Safetensors.MetadataKey}' entries.");
                }

                sawMetadata = true;
                ReadMetadata(property.Value, metadata);
                continue;
            }

            if (!names.Add(name))
            {
                throw Safetensors.Error($"the header names tensor '{name}' twice.");
            }

            entries.Add(ReadEntry(name, property.Value));
        }

        long dataBytes = CheckCoverage(entries);
        return new SafetensorsHeader(entries, metadata, headerBytes, dataBytes);
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Safetensors.Error($"'{Safetensors.MetadataKey}' must be a JSON object of strings, but is {value.ValueKind}.");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Safetensors.Error($"metadata value '{item.Name}' must be a string, but is {item.Value.ValueKind}.");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Safetensors.Error($"metadata key '{item.Name}' appears twice.");
            }
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Safetensors.Error($"entry '{name}' must be a JSON object with dtype, shape and data_offsets, but is {value.ValueKind}.");
        }

        JsonElement? dtypeElement = null, shapeElement = null, offsetsElement = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            switch (field.Name)
            {
                case "dtype":
                    dtypeElement = Once(dtypeElement, field, name);
                    break;
                case "shape":
                    shapeElement = Once(shapeElement, field, name);
                    break;
                case "data_offsets":
                    offsetsElement = Once(offsetsElement, field, name);
                    break;
                default:
                    break; // Unknown keys are ignored, as the reference implementation does.
            }
        }

        string dtype = ReadDtype(name, dtypeElement ?? throw Missing(name, "dtype"));
        long[] shape = ReadShape(name, shapeElement ?? throw Missing(name, "shape"));
        (long begin, long end) = ReadOffsets(name, offsetsElement ?? throw Missing(name, "data_offsets"));

        long bytes = ByteSize(name, dtype, shape);
        if (end - begin != bytes)
        {
            throw Safetensors.Error(
                $"tensor '{name}' has data_offsets [{begin}, {end}) = {end - begin} bytes, but dtype {dtype} with shape " +
                $"[{string.Join(", ", shape)}] needs {bytes} bytes.");
        }

        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static JsonElement Once(JsonElement? seen, JsonProperty field, string name) =>
        seen is null ? field.Value : throw Safetensors.Error($"entry '{name}' has two '{field.Name}' keys.");

    private static InvalidDataException Missing(string name, string key) =>
        Safetensors.Error($"entry '{name}' has no '{key}'.");

    private static string ReadDtype(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Safetensors.Error($"the dtype of tensor '{name}' must be a string, but is {element.ValueKind}.");
        }

        string dtype = element.GetString()!;
        if (SafetensorsDtype.SizeOf(dtype) == 0)
        {
            throw Safetensors.Error($"tensor '{name}' has unknown or unsupported dtype '{dtype}'.");
        }

        return dtype;
    }

    private static long[] ReadShape(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Safetensors.Error($"the shape of tensor '{name}' must be an array of non-negative integers, but is {element.ValueKind}.");
        }

        var shape = new long[element.GetArrayLength()];
        int axis = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            shape[axis] = ReadNonNegative(item, $"dimension {axis} of the shape of tensor '{name}'");
            axis++;
        }

        return shape;
    }

    private static (long Begin, long End) ReadOffsets(string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
        {
            throw Safetensors.Error($"the data_offsets of tensor '{name}' must be an array of two non-negative integers [begin, end].");
        }

        long begin = ReadNonNegative(element[0], $"data_offsets[0] of tensor '{name}'");
        long end = ReadNonNegative(element[1], $"data_offsets[1] of tensor '{name}'");
        if (end < begin)
        {
            throw Safetensors.Error($"tensor '{name}' has data_offsets [{begin}, {end}) with end before begin.");
        }

        return (begin, end);
    }

    private static long ReadNonNegative(JsonElement item, string what)
    {
        // Sizes are u64 in the format; anything beyond long.MaxValue cannot describe bytes of a real file.
        if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out ulong value))
        {
            throw Safetensors.Error($"{what} must be a non-negative integer, but is {Text(item)}.");
        }

        if (value > long.MaxValue)
        {
            throw Safetensors.Error($"{what} is {value}, beyond any file size.");
        }

        return (long)value;
    }

    /// <summary>product(shape) × size(dtype), failing on overflow as the reference's checked arithmetic does.</summary>
    private static long ByteSize(string name, string dtype, long[] shape)
    {
        long count = 1;
        try
        {
            foreach (long dimension in shape)
            {
                count = checked(count * dimension);
            }

            return checked(count * SafetensorsDtype.SizeOf(dtype));
        }
        catch (OverflowException e)
        {
            throw Safetensors.Error($"the size of tensor '{name}' (dtype {dtype}, shape [{string.Join(", ", shape)}]) overflows.", e);
        }
    }

    /// <summary>Checks that the tensors, sorted by offset, tile [0, total) exactly; returns total.</summary>
    private static long CheckCoverage(List<SafetensorsEntry> entries)
    {
        entries.Sort((a, b) => a.DataBegin != b.DataBegin ? a.DataBegin.CompareTo(b.DataBegin) : a.DataEnd.CompareTo(b.DataEnd));
        long covered = 0;
        SafetensorsEntry? previous = null;
        foreach (SafetensorsEntry entry in entries)
        {
            if (entry.DataBegin < covered)
            {
                throw Safetensors.Error(
                    $"tensor '{entry.Name}' at data_offsets [{entry.DataBegin}, {entry.DataEnd}) overlaps tensor " +
                    $"'{previous!.Name}' at [{previous.DataBegin}, {previous.DataEnd}).");
            }

            if (entry.DataBegin > covered)
            {
                throw Safetensors.Error(
                    $"bytes [{covered}, {entry.DataBegin}) of the data buffer belong to no tensor (before '{entry.Name}'); " +
                    "the format requires the tensors to cover the buffer without holes.");
            }

            covered = entry.DataEnd;
            previous = entry;
        }

        return covered;
    }

    private static string Text(JsonElement item)
    {
        string raw = item.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "…";
    }
}
