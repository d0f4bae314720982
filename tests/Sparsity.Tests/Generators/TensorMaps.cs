using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;

namespace Sparsity.Tests.Generators;

/// <summary>
/// Generators of <see cref="TensorMap"/>s for the safetensors and mapping tests: 0..6 tensors of rank 0..3 with
/// dimensions 0..5 (so scalars, 1-d, empty and multi-dimensional tensors all occur), names drawn from plain,
/// punctuated, escaped and non-ASCII strings, every float bit pattern (NaN payloads, −0, infinities) and 0..3
/// metadata entries.
/// </summary>
/// <remarks>FsCheck draws the size and a seed; the contents come from <see cref="Random"/> seeded with it, as in
/// <see cref="SparseGenerators"/>, so a replayed FsCheck seed reproduces every bit.</remarks>
public static class TensorMaps
{
    /// <summary>Name fragments, chosen to exercise JSON escaping and UTF-8 ordering (ASCII, Latin-1, BMP above the surrogates, astral).</summary>
    private static readonly string[] Fragments =
        ["w", "layers.0.W", "bias", "a\"q", "back\\slash", "tab\t", "nl\n", "ctl\u0001", "é", "Ω", "\uFF21", "😀", " ", "__metadata", "Z", "0"];

    /// <summary>A random map description: tensor count, metadata count and seed.</summary>
    /// <returns>The generator.</returns>
    public static Gen<TensorMap> Maps() =>
        from tensors in Gen.Choose(0, 6)
        from metadata in Gen.Choose(0, 3)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select Build(tensors, metadata, seed);

    /// <summary>Builds a map from a seed.</summary>
    /// <param name="tensors">Number of tensors.</param>
    /// <param name="metadata">Number of metadata entries.</param>
    /// <param name="seed">The seed of the contents.</param>
    /// <returns>The map.</returns>
    public static TensorMap Build(int tensors, int metadata, int seed)
    {
        var rng = new Random(seed);
        var map = new TensorMap();
        while (map.Count < tensors)
        {
            string name = Name(rng);
            if (map.Contains(name) || name == Safetensors.MetadataKey)
            {
                continue;
            }

            var shape = new int[rng.Next(0, 4)];
            for (int axis = 0; axis < shape.Length; axis++)
            {
                // Zero dimensions are frequent on purpose: empty tensors must round-trip.
                shape[axis] = rng.Next(0, 8) == 0 ? 0 : rng.Next(1, 6);
            }

            FloatTensor tensor = FloatTensor.Zeros(shape);
            for (int i = 0; i < tensor.Count; i++)
            {
                tensor.Values[i] = BitConverter.Int32BitsToSingle(rng.Next(4) == 0 ? rng.Next(int.MinValue, int.MaxValue) : (int)BitConverter.SingleToUInt32Bits((float)((rng.NextDouble() * 4) - 2)));
            }

            map.Add(name, tensor);
        }

        while (map.Metadata.Count < metadata)
        {
            map.Metadata[Name(rng)] = Name(rng);
        }

        return map;
    }

    private static string Name(Random rng)
    {
        int parts = rng.Next(0, 3);
        string name = string.Empty;
        for (int i = 0; i < parts; i++)
        {
            name += Fragments[rng.Next(Fragments.Length)];
        }

        return rng.Next(3) == 0 ? name : name + rng.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
