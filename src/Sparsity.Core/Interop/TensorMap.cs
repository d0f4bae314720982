using System.Collections;

using Sparsity.Core.Validation;

namespace Sparsity.Core.Interop;

/// <summary>
/// Named float tensors in insertion order, plus string metadata: the in-memory form of a safetensors file and the
/// currency of the name/layout mappings between this library and PyTorch checkpoints.
/// </summary>
/// <remarks>
/// Names are compared ordinally (case-sensitive), as safetensors and PyTorch state dicts do. Any string is a valid
/// name except <see cref="Safetensors.MetadataKey"/>, which the file format reserves.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A map from names to tensors, named after the checkpoint/state-dict vocabulary; not a general-purpose collection.")]
public sealed class TensorMap : IReadOnlyCollection<KeyValuePair<string, FloatTensor>>
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, FloatTensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata (the safetensors <c>__metadata__</c> entry).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Number of tensors.</summary>
    public int Count => _names.Count;

    /// <summary>The tensor names in insertion order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <param name="name">Its name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names present.</exception>
    public FloatTensor this[string name]
    {
        get
        {
            ThrowHelper.NotNull(name, nameof(name));
            return _tensors.TryGetValue(name, out FloatTensor? tensor)
                ? tensor
                : throw new KeyNotFoundException($"No tensor named '{name}'; the map holds {Describe()}.");
        }
    }

    /// <summary>Adds a tensor under a new name.</summary>
    /// <param name="name">The name, unique in the map.</param>
    /// <param name="tensor">The tensor (not copied).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is taken or reserved.</exception>
    public void Add(string name, FloatTensor tensor)
    {
        CheckName(name);
        ThrowHelper.NotNull(tensor, nameof(tensor));
        if (!_tensors.TryAdd(name, tensor))
        {
            ThrowHelper.Argument(nameof(name), $"A tensor named '{name}' is already in the map.");
        }

        _names.Add(name);
    }

    /// <summary>Adds a tensor, or replaces the one with the same name (keeping its position).</summary>
    /// <param name="name">The name.</param>
    /// <param name="tensor">The tensor (not copied).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is reserved.</exception>
    public void Set(string name, FloatTensor tensor)
    {
        CheckName(name);
        ThrowHelper.NotNull(tensor, nameof(tensor));
        if (!_tensors.ContainsKey(name))
        {
            _names.Add(name);
        }

        _tensors[name] = tensor;
    }

    /// <summary>Whether a tensor has that name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => name is not null && _tensors.ContainsKey(name);

    /// <summary>Looks a tensor up without throwing.</summary>
    /// <param name="name">The name.</param>
    /// <param name="tensor">The tensor, or null when absent.</param>
    /// <returns>True when present.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FloatTensor? tensor)
    {
        tensor = null;
        return name is not null && _tensors.TryGetValue(name, out tensor);
    }

    /// <summary>Removes a tensor.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when a tensor was removed.</returns>
    public bool Remove(string name)
    {
        if (name is null || !_tensors.Remove(name))
        {
            return false;
        }

        _names.Remove(name);
        return true;
    }

    /// <summary>Whether both maps hold the same names (in any order) with bit-identical tensors, and equal metadata.</summary>
    /// <param name="other">The other map.</param>
    /// <returns>True when equal.</returns>
    public bool BitwiseEquals(TensorMap? other)
    {
        if (other is null || other.Count != Count || other.Metadata.Count != Metadata.Count)
        {
            return false;
        }

        foreach (var (name, tensor) in _tensors)
        {
            if (!other.TryGet(name, out FloatTensor? theirs) || !tensor.BitwiseEquals(theirs))
            {
                return false;
            }
        }

        foreach (var (key, value) in Metadata)
        {
            if (!other.Metadata.TryGetValue(key, out string? theirs) || !string.Equals(value, theirs, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, FloatTensor>> GetEnumerator()
    {
        foreach (string name in _names)
        {
            yield return new KeyValuePair<string, FloatTensor>(name, _tensors[name]);
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => $"TensorMap ({Describe()})";

    /// <summary>"N tensors: a [2, 3], b [4], …" with at most 12 names, for messages.</summary>
    /// <returns>The description.</returns>
    public string Describe()
    {
        if (_names.Count == 0)
        {
            return "no tensors";
        }

        const int Shown = 12;
        IEnumerable<string> listed = _names.Take(Shown).Select(n => $"'{n}' {_tensors[n].ShapeText}");
        string more = _names.Count > Shown ? $", … ({_names.Count - Shown} more)" : string.Empty;
        return $"{_names.Count} tensor{(_names.Count == 1 ? string.Empty : "s")}: {string.Join(", ", listed)}{more}";
    }

    private static void CheckName(string name)
    {
        ThrowHelper.NotNull(name, nameof(name));
        if (string.Equals(name, Safetensors.MetadataKey, StringComparison.Ordinal))
        {
            ThrowHelper.Argument(nameof(name), $"'{Safetensors.MetadataKey}' is reserved for the metadata of a safetensors file.");
        }
    }
}
