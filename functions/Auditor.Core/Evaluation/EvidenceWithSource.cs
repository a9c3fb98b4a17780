using System.Diagnostics.CodeAnalysis;

namespace Auditor.Core.Evaluation;

/// <summary>
/// A check's evidence with the evidence source and time added after it (unless the check set them itself), the
/// way a copied dictionary would hold them, in the same order, without copying every result's evidence.
/// </summary>
internal sealed class EvidenceWithSource : IReadOnlyDictionary<string, string>
{
    private readonly IReadOnlyDictionary<string, string> _evidence;
    private readonly string? _source;
    private readonly string? _time;

    public EvidenceWithSource(IReadOnlyDictionary<string, string> evidence, string source, string time)
    {
        _evidence = evidence;
        _source = evidence.ContainsKey(Findings.EvidenceFields.Source) ? null : source;
        _time = evidence.ContainsKey(Findings.EvidenceFields.Time) ? null : time;
    }

    public int Count => _evidence.Count + (_source is null ? 0 : 1) + (_time is null ? 0 : 1);

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The evidence has no field '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_source is not null && key == Findings.EvidenceFields.Source)
        {
            value = _source;
            return true;
        }

        if (_time is not null && key == Findings.EvidenceFields.Time)
        {
            value = _time;
            return true;
        }

        return _evidence.TryGetValue(key, out value);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        foreach (var entry in _evidence)
        {
            yield return entry;
        }

        if (_source is not null)
        {
            yield return new(Findings.EvidenceFields.Source, _source);
        }

        if (_time is not null)
        {
            yield return new(Findings.EvidenceFields.Time, _time);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
