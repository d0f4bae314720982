using FsCheck;
using FsCheck.Fluent;

using Sparsity.Core.Interop;
using Sparsity.Models.Interop;

namespace Sparsity.Tests.Models.Interop;

/// <summary>Random tensor maps in this library's layout: a tied language model (or layers alone) of EGRU or LSTM layers.</summary>
public static class ModelMaps
{
    /// <summary>Generates (seed, gates, withModel) descriptions and builds the map.</summary>
    /// <param name="gates">3 for EGRU, 4 for LSTM.</param>
    /// <param name="withModel">Whether to include the embedding and decoder bias (and end the layers at width E).</param>
    /// <returns>The generator.</returns>
    public static Gen<TensorMap> Maps(int gates, bool withModel) =>
        Gen.Choose(0, int.MaxValue - 1).Select(seed => Build(seed, gates, withModel));

    /// <summary>Builds a map: 1..3 layers, widths 1..9 (E included), V 1..12, values with distinct bit patterns.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="gates">3 for EGRU (adds <c>theta</c>), 4 for LSTM.</param>
    /// <param name="withModel">Whether to include the LM tensors.</param>
    /// <returns>The map.</returns>
    public static TensorMap Build(int seed, int gates, bool withModel)
    {
        var rng = new Random(seed);
        int layers = rng.Next(1, 4), embedding = rng.Next(1, 10), vocabulary = rng.Next(1, 13);
        var map = new TensorMap();
        if (withModel)
        {
            map.Add(ModelTensorNames.Embedding, Random(rng, vocabulary, embedding));
            map.Add(ModelTensorNames.DecoderBias, Random(rng, vocabulary));
        }

        int input = withModel ? embedding : rng.Next(1, 10);
        for (int l = 0; l < layers; l++)
        {
            int hidden = withModel && l == layers - 1 ? embedding : rng.Next(1, 10);
            map.Add(ModelTensorNames.Layer(l, ModelTensorNames.InputKernel), Random(rng, gates * hidden, input));
            map.Add(ModelTensorNames.Layer(l, ModelTensorNames.RecurrentKernel), Random(rng, gates * hidden, hidden));
            map.Add(ModelTensorNames.Layer(l, ModelTensorNames.InputBias), Random(rng, gates * hidden));
            map.Add(ModelTensorNames.Layer(l, ModelTensorNames.RecurrentBias), Random(rng, gates * hidden));
            if (gates == 3)
            {
                map.Add(ModelTensorNames.Layer(l, ModelTensorNames.Threshold), Random(rng, hidden));
            }

            input = hidden;
        }

        if (rng.Next(2) == 0)
        {
            map.Metadata["source"] = "sparsity";
        }

        return map;
    }

    /// <summary>A tensor whose element at flat index k is a random float (distinct with high probability).</summary>
    /// <param name="rng">The random source.</param>
    /// <param name="shape">The shape.</param>
    /// <returns>The tensor.</returns>
    public static FloatTensor Random(Random rng, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        FloatTensor tensor = FloatTensor.Zeros(shape);
        for (int i = 0; i < tensor.Count; i++)
        {
            tensor.Values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return tensor;
    }
}
