using System.Diagnostics.CodeAnalysis;

namespace Sparsity.Models.Checkpoints;

/// <summary>
/// A small, extensible key → value record of longs, doubles and strings: the training position of a checkpoint
/// (epoch, step, window index, tokens seen, best validation loss, …) and an optimiser's scalars. Keys are ordinal
/// and kept sorted, so the serialised form is deterministic.
/// </summary>
public sealed class ScalarRecord
{
    private readonly SortedDictionary<string, ScalarValue> _entries = new(StringComparer.Ordinal);

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entries in ordinal key order.</summary>
    public IEnumerable<KeyValuePair<string, ScalarValue>> Entries => _entries;

    /// <summary>Sets an entry, replacing any value of any type under the key.</summary>
    /// <param name="key">Non-empty key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public void Set(string key, ScalarValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _entries[key] = value;
    }

    /// <summary>Sets an integer entry.</summary>
    /// <param name="key">Non-empty key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public void Set(string key, long value) => Set(key, ScalarValue.FromWhole(value));

    /// <summary>Sets a double entry.</summary>
    /// <param name="key">Non-empty key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    public void Set(string key, double value) => Set(key, ScalarValue.FromReal(value));

    /// <summary>Sets a string entry.</summary>
    /// <param name="key">Non-empty key.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The key is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public void Set(string key, string value) => Set(key, ScalarValue.FromText(value));

    /// <summary>Whether the key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it is present.</returns>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>Removes an entry.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether it was present.</returns>
    public bool Remove(string key) => _entries.Remove(key);

    /// <summary>Looks up an entry of any type.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found.</param>
    /// <returns>Whether it was found.</returns>
    public bool TryGet(string key, out ScalarValue value) => _entries.TryGetValue(key, out value);

    /// <summary>Looks up an integer entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found with that type.</param>
    /// <returns>Whether an integer entry was found.</returns>
    public bool TryGetInt64(string key, out long value)
    {
        bool found = _entries.TryGetValue(key, out ScalarValue v) && v.Kind == ScalarKind.Whole;
        value = found ? v.Whole : 0;
        return found;
    }

    /// <summary>Looks up a double entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found with that type.</param>
    /// <returns>Whether a double entry was found.</returns>
    public bool TryGetDouble(string key, out double value)
    {
        bool found = _entries.TryGetValue(key, out ScalarValue v) && v.Kind == ScalarKind.Real;
        value = found ? v.Real : 0;
        return found;
    }

    /// <summary>Looks up a string entry.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found with that type.</param>
    /// <returns>Whether a string entry was found.</returns>
    public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
    {
        bool found = _entries.TryGetValue(key, out ScalarValue v) && v.Kind == ScalarKind.Text;
        value = found ? v.Text : null;
        return found;
    }

    /// <summary>The integer entry under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">No integer entry has that key.</exception>
    public long GetInt64(string key) => TryGetInt64(key, out long v) ? v : throw Missing(key, ScalarKind.Whole);

    /// <summary>The double entry under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">No double entry has that key.</exception>
    public double GetDouble(string key) => TryGetDouble(key, out double v) ? v : throw Missing(key, ScalarKind.Real);

    /// <summary>The string entry under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">No string entry has that key.</exception>
    public string GetString(string key) => TryGetString(key, out string? v) ? v : throw Missing(key, ScalarKind.Text);

    /// <summary>Whether both records hold the same keys with identical values (doubles by bits).</summary>
    /// <param name="other">The other record.</param>
    /// <returns>Whether they are equal.</returns>
    public bool ContentEquals(ScalarRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Count != other.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, ScalarValue> e in _entries)
        {
            if (!other._entries.TryGetValue(e.Key, out ScalarValue v) || !v.Equals(e.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";

    private static KeyNotFoundException Missing(string key, ScalarKind kind) => new($"The record has no {kind} entry '{key}'.");
}
