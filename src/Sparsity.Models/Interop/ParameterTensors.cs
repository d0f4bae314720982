using Sparsity.Core.Interop;
using Sparsity.Models.Parameters;

namespace Sparsity.Models.Interop;

/// <summary>
/// Moves parameter values between a model's <see cref="Parameter"/>s and a <see cref="TensorMap"/> (for safetensors
/// export/import and the PyTorch mappings), by name.
/// </summary>
/// <remarks>
/// Biases and thresholds (<see cref="ParameterKind.Bias"/>, <see cref="ParameterKind.Threshold"/>) are vectors and
/// become rank-1 tensors <c>[Rows]</c>; every other parameter becomes <c>[Rows, Columns]</c>, as
/// <see cref="ModelTensorNames"/> specifies. Pruning masks are not part of the map: pruned weights travel as zeros.
/// </remarks>
public static class ParameterTensors
{
    /// <summary>Copies the parameter values into a new map, named by <see cref="Parameter.Name"/>, in the given order.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The map (copies of the values).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public static TensorMap ToTensorMap(IEnumerable<Parameter> parameters) => ToTensorMap(Local(parameters));

    /// <summary>Copies a model's parameter values into a new map, named by their global names (e.g. <c>layers.0.W</c>).</summary>
    /// <param name="parameters">The model's parameters (e.g. <c>LanguageModel.Parameters</c>).</param>
    /// <returns>The map (copies of the values).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public static TensorMap ToTensorMap(IEnumerable<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var map = new TensorMap();
        foreach ((string name, Parameter parameter) in parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            map.Add(name, new FloatTensor(ShapeOf(parameter), (float[])parameter.Value.Clone()));
        }

        return map;
    }

    private static IEnumerable<NamedParameter> Local(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Select(p => new NamedParameter(p?.Name ?? throw new ArgumentNullException(nameof(parameters)), p));
    }

    /// <summary>Copies tensors from a map into the parameters of the same names; the masks are left as they are.</summary>
    /// <param name="tensors">The tensors; names not used by any parameter are ignored.</param>
    /// <param name="parameters">The parameters to overwrite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">A parameter has no tensor of its name, or its tensor has another shape.
    /// Nothing is copied unless every parameter matches.</exception>
    public static void CopyInto(TensorMap tensors, IEnumerable<Parameter> parameters) => CopyInto(tensors, Local(parameters));

    /// <summary>Copies tensors from a map into a model's parameters by global name; the masks are left as they are.</summary>
    /// <param name="tensors">The tensors; names not used by any parameter are ignored.</param>
    /// <param name="parameters">The model's parameters to overwrite.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidDataException">A parameter has no tensor of its name, or its tensor has another shape.
    /// Nothing is copied unless every parameter matches.</exception>
    public static void CopyInto(TensorMap tensors, IEnumerable<NamedParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(parameters);
        var pairs = new List<(Parameter Parameter, FloatTensor Tensor)>();
        foreach ((string name, Parameter parameter) in parameters)
        {
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
            int[] shape = ShapeOf(parameter);
            if (!tensors.TryGet(name, out FloatTensor? tensor))
            {
                throw new InvalidDataException($"No tensor for parameter '{name}' {FloatTensor.Format(shape)}; the map holds {tensors.Describe()}.");
            }

            if (!tensor.HasShape(shape))
            {
                throw new InvalidDataException($"Tensor '{name}' has shape {tensor.ShapeText}, but the parameter is {FloatTensor.Format(shape)}.");
            }

            pairs.Add((parameter, tensor));
        }

        foreach (var (parameter, tensor) in pairs)
        {
            tensor.Values.CopyTo(parameter.Value, 0);
        }
    }

    /// <summary>The tensor shape of a parameter: <c>[Rows]</c> for biases and thresholds, <c>[Rows, Columns]</c> otherwise.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The shape.</returns>
    public static int[] ShapeOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Kind is ParameterKind.Bias or ParameterKind.Threshold && parameter.Columns == 1
            ? [parameter.Rows]
            : [parameter.Rows, parameter.Columns];
    }
}
