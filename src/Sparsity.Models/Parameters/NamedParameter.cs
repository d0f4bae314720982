using Sparsity.Models.Parameters;

namespace Sparsity.Models.Parameters;

/// <summary>
/// A parameter together with its name inside the whole model (e.g. <c>layers.0.W</c>, <c>decoder.bias</c>), which may
/// differ from <see cref="Parameter.Name"/> when a layer names its tensors locally (<c>W</c>). Optimisers, gradient
/// clipping and checkpoints address parameters by this global name.
/// </summary>
/// <param name="Name">The model-wide name, unique among the parameters handed over together.</param>
/// <param name="Parameter">The tensor.</param>
public readonly record struct NamedParameter(string Name, Parameter Parameter)
{
    /// <summary>Names every parameter by its own <see cref="Parameter.Name"/>.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The named list, in the given order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> or an element is null.</exception>
    public static IReadOnlyList<NamedParameter> FromParameters(IEnumerable<Parameter> parameters) => WithPrefix(string.Empty, parameters);

    /// <summary>Names every parameter <c>prefix + Parameter.Name</c>, e.g. prefix <c>layers.0.</c> and local name <c>W</c>.</summary>
    /// <param name="prefix">The prefix, usually ending with a dot; may be empty.</param>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The named list, in the given order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/>, <paramref name="parameters"/> or an element is null.</exception>
    public static IReadOnlyList<NamedParameter> WithPrefix(string prefix, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(parameters);
        var named = new List<NamedParameter>();
        foreach (Parameter p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            named.Add(new NamedParameter(prefix + p.Name, p));
        }

        return named;
    }

    /// <summary>Checks that a list is usable by an optimiser or a checkpoint: no null entry, non-empty unique names, no tensor listed twice.</summary>
    /// <param name="parameters">The list.</param>
    /// <param name="paramName">The caller's parameter name, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">An entry has no name or no parameter, a name repeats, or one tensor appears twice.</exception>
    public static void Validate(IReadOnlyList<NamedParameter> parameters, string paramName)
    {
        ArgumentNullException.ThrowIfNull(parameters, paramName);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < parameters.Count; i++)
        {
            NamedParameter entry = parameters[i];
            if (string.IsNullOrWhiteSpace(entry.Name) || entry.Parameter is null)
            {
                throw new ArgumentException($"Entry {i} has an empty name or a null parameter.", paramName);
            }

            if (!names.Add(entry.Name))
            {
                throw new ArgumentException($"The parameter name '{entry.Name}' appears more than once (entry {i}).", paramName);
            }

            if (!tensors.Add(entry.Parameter))
            {
                throw new ArgumentException($"Parameter '{entry.Name}' (entry {i}) is the same tensor as an earlier entry.", paramName);
            }
        }
    }
}
