using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Auditor.Core.Findings;

namespace Auditor.Core.Evaluation;

/// <summary>
/// A check's evidence with the evidence source and time added after it (unless the check set them itself), the
/// way a copied dictionary would hold them, in the same order, without copying every result's evidence.
/// A result built with a named origin gets it from the start (<see cref="Checks.CheckResults.Result"/>); the
/// <see cref="CheckRunner"/> adds it to any other result.
/// </summary>
internal sealed class EvidenceWithSource : IOrderedStringDictionary
{
    private readonly IOrderedStringDictionary _evidence;
    private readonly string? _source;
    private readonly string? _time;

    public EvidenceWithSource(IReadOnlyDictionary<string, string> evidence, EvidenceOrigin origin)
    {
        _evidence = evidence as IOrderedStringDictionary ?? Checks.EvidenceMap.From(evidence);
        Origin = origin;
        _source = evidence.ContainsKey(EvidenceFields.Source) ? null : origin.Source;
        _time = evidence.ContainsKey(EvidenceFields.Time) ? null : EvidenceTime(origin.Time);
    }

    /// <summary>The origin whose source and time were added.</summary>
    public EvidenceOrigin Origin { get; }

    /// <summary>The check's own evidence, without what was added.</summary>
    public IOrderedStringDictionary CheckEvidence => _evidence;

    public int Count => _evidence.Count + (_source is null ? 0 : 1) + (_time is null ? 0 : 1);

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The evidence has no field '{key}'.");

    public KeyValuePair<string, string> EntryAt(int index)
    {
        var own = _evidence.Count;
        if (index < own)
        {
            return _evidence.EntryAt(index);
        }

        if (index == own && _source is not null)
        {
            return new(EvidenceFields.Source, _source);
        }

        if (index == own + (_source is null ? 0 : 1) && _time is not null)
        {
            return new(EvidenceFields.Time, _time);
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "Past the last field of the evidence.");
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_source is not null && key == EvidenceFields.Source)
        {
            value = _source;
            return true;
        }

        if (_time is not null && key == EvidenceFields.Time)
        {
            value = _time;
            return true;
        }

        return _evidence.TryGetValue(key, out value);
    }

    public OrderedStringDictionaryEnumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Nearly every result of a run has the same evidence time (the credential report's): format it once, not per result.
    private static readonly LastValueCache<DateTimeOffset, string> EvidenceTimes = new(AsffTimestampConverter.ToAsff);

    private static string EvidenceTime(DateTimeOffset time) => EvidenceTimes.Get(time);
}
