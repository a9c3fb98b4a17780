using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Auditor.Core.Findings;

namespace Auditor.Core.Checks;

/// <summary>
/// The evidence a check writes for one result: a few fields (rarely more than a dozen), kept in the order they were
/// first set, like a <see cref="Dictionary{TKey,TValue}"/> that is only ever added to. Stored as one array searched
/// from the start, which at this size is smaller and no slower than a hash table. Setting a field that is already
/// there replaces its value in place. Keys compare ordinally.
/// </summary>
public sealed class EvidenceMap : IOrderedStringDictionary
{
    /// <summary>No evidence.</summary>
    public static IOrderedStringDictionary Empty { get; } = new EvidenceMap(0);

    private KeyValuePair<string, string>[] _entries;
    private int _count;

    /// <param name="capacity">How many fields the check expects to set; more may be set.</param>
    public EvidenceMap(int capacity = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _entries = capacity == 0 ? [] : new KeyValuePair<string, string>[capacity];
    }

    /// <summary>A copy of <paramref name="fields"/>, in their enumeration order (a later duplicate key replaces the value).</summary>
    public static EvidenceMap From(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var map = new EvidenceMap(fields is IReadOnlyCollection<KeyValuePair<string, string>> collection ? collection.Count : 4);
        foreach (var (key, value) in fields)
        {
            map[key] = value;
        }

        return map;
    }

    public int Count => _count;

    /// <summary>The value of a field; setting it adds the field at the end, or replaces the value of the field in place.</summary>
    public string this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The evidence has no field '{key}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            var index = IndexOf(key);
            if (index >= 0)
            {
                _entries[index] = new(key, value);
                return;
            }

            if (_count == _entries.Length)
            {
                Array.Resize(ref _entries, Math.Max(4, _entries.Length * 2));
            }

            _entries[_count++] = new(key, value);
        }
    }

    public KeyValuePair<string, string> EntryAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _entries[index];
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : null;
        return index >= 0;
    }

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public OrderedStringDictionaryEnumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
