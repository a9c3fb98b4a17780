using System.Collections;

namespace Auditor.Core.Findings;

/// <summary>
/// Walks an <see cref="IOrderedStringDictionary"/> by position. A struct, so <c>foreach</c> over a map type that returns it
/// from its public <c>GetEnumerator</c> allocates nothing.
/// </summary>
public struct OrderedStringDictionaryEnumerator : IEnumerator<KeyValuePair<string, string>>
{
    private readonly IOrderedStringDictionary _map;
    private readonly int _count;
    private int _index;

    public OrderedStringDictionaryEnumerator(IOrderedStringDictionary map)
    {
        _map = map;
        _count = map.Count;
        _index = -1;
    }

    public readonly KeyValuePair<string, string> Current => _map.EntryAt(_index);

    readonly object IEnumerator.Current => Current;

    public bool MoveNext() => ++_index < _count;

    public void Reset() => _index = -1;

    public readonly void Dispose()
    {
    }
}
