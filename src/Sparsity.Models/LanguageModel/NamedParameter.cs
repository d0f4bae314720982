using Sparsity.Models.Parameters;

namespace Sparsity.Models.LanguageModeling;

/// <summary>
/// A model parameter under its global name. Layers name their tensors locally (<c>W</c>, <c>R</c>, <c>theta</c>…) and
/// know nothing of their position in a model, so the model pairs each of them with the name checkpoints, optimisers and
/// tests use: <c>embedding</c>, <c>decoder.bias</c>, <c>layers.{l}.{local}</c>. The <see cref="Parameter"/> is the
/// layer's own object (no copy): updating it updates the layer.
/// </summary>
/// <param name="Name">The global name, unique inside the model.</param>
/// <param name="Parameter">The tensor itself.</param>
public sealed record NamedParameter(string Name, Parameter Parameter);
