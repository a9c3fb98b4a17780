using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Auditor.Core.Checks;

namespace Auditor.Core.Findings;

/// <summary>
/// The <c>ProductFields</c> of a finding Auditor creates: <see cref="EvidenceFields.ProviderName"/>,
/// <see cref="EvidenceFields.CheckId"/>, <see cref="EvidenceFields.Region"/> and, for a check with a Security Hub
/// control, <see cref="EvidenceFields.SecurityHubControlId"/>, once known <see cref="EvidenceFields.Fingerprint"/>,
/// then the result's evidence in its order. Evidence
/// cannot overwrite those fields or write Security Hub's own <c>aws/</c> ones, keys and values are cut to ASFF's
/// limits, and there are at most <see cref="FindingFactory.MaxProductFields"/> fields. A view over the evidence,
/// not a copy: evidence that already keeps every rule (nearly all of it) is shared, any other is copied once with
/// the rules applied. Read it by position (<see cref="EntryAt"/>) or with the struct enumerator.
/// </summary>
public sealed class FindingProductFields : IOrderedStringDictionary
{
    private readonly string _checkId;
    private readonly string _region;
    private readonly string? _controlId;
    private readonly string? _fingerprint;
    private readonly IOrderedStringDictionary _evidence;

    /// <param name="checkId">The check's id.</param>
    /// <param name="region">The finding's region, or <c>global</c>.</param>
    /// <param name="controlId">The check's Security Hub control, if it has one.</param>
    /// <param name="evidence">The result's evidence, in the order its fields are to be written.</param>
    public FindingProductFields(string checkId, string region, string? controlId, IReadOnlyDictionary<string, string> evidence)
    {
        _checkId = checkId;
        _region = region;
        _controlId = controlId;
        _evidence = evidence is IOrderedStringDictionary ordered && KeepsTheRules(ordered) ? ordered : Cleaned(evidence);
    }

    private FindingProductFields(FindingProductFields fields, string fingerprint)
    {
        _checkId = fields._checkId;
        _region = fields._region;
        _controlId = fields._controlId;
        _fingerprint = fingerprint;
        _evidence = fields._evidence;

        // The fingerprint takes the place of the last evidence field when the finding already has its maximum.
        if (HeaderCount + _evidence.Count > FindingFactory.MaxProductFields)
        {
            var room = FindingFactory.MaxProductFields - HeaderCount;
            var kept = new EvidenceMap(room);
            for (var i = 0; i < room; i++)
            {
                var (key, value) = _evidence.EntryAt(i);
                kept[key] = value;
            }

            _evidence = kept;
        }
    }

    /// <summary>The same fields with <see cref="EvidenceFields.Fingerprint"/> set (the evidence is shared, not copied).</summary>
    public FindingProductFields WithFingerprint(string fingerprint) => new(this, fingerprint);

    public int Count => HeaderCount + _evidence.Count;

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The finding has no product field '{key}'.");

    public KeyValuePair<string, string> EntryAt(int index) => index switch
    {
        0 => new(EvidenceFields.ProviderName, FindingFactory.ProviderName),
        1 => new(EvidenceFields.CheckId, _checkId),
        2 => new(EvidenceFields.Region, _region),
        3 when _controlId is not null => new(EvidenceFields.SecurityHubControlId, _controlId),
        3 or 4 when _fingerprint is not null && index == HeaderCount - 1 => new(EvidenceFields.Fingerprint, _fingerprint),
        _ when index >= HeaderCount => _evidence.EntryAt(index - HeaderCount),
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A product field's position is never negative."),
    };

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = HeaderValue(key);
        return value is not null || _evidence.TryGetValue(key, out value);
    }

    public OrderedStringDictionaryEnumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, string>> IEnumerable<KeyValuePair<string, string>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>How many fields Auditor writes before the evidence.</summary>
    private int HeaderCount => 3 + (_controlId is null ? 0 : 1) + (_fingerprint is null ? 0 : 1);

    /// <summary>The value of one of the fields Auditor writes before the evidence; null for any other key.</summary>
    private string? HeaderValue(string key) => key switch
    {
        EvidenceFields.ProviderName => FindingFactory.ProviderName,
        EvidenceFields.CheckId => _checkId,
        EvidenceFields.Region => _region,
        EvidenceFields.SecurityHubControlId => _controlId,
        EvidenceFields.Fingerprint => _fingerprint,
        _ => null,
    };

    /// <summary>True when every field of the evidence would be written as it is: the evidence can be shared.</summary>
    private bool KeepsTheRules(IOrderedStringDictionary evidence)
    {
        if (HeaderCount + evidence.Count > FindingFactory.MaxProductFields)
        {
            return false;
        }

        for (var i = 0; i < evidence.Count; i++)
        {
            var (key, value) = evidence.EntryAt(i);
            if (IsReserved(key) || key.Length > FindingFactory.MaxProductFieldKey || value.Length > FindingFactory.MaxProductFieldValue || HeaderValue(key) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The evidence fields that are written, in order: <c>aws/</c> keys skipped, keys and values cut, a field whose
    /// (cut) key is already written skipped, and none once the finding has its maximum number of fields.
    /// </summary>
    private EvidenceMap Cleaned(IReadOnlyDictionary<string, string> evidence)
    {
        var kept = new EvidenceMap(Math.Min(evidence.Count, FindingFactory.MaxProductFields));
        foreach (var (key, value) in evidence)
        {
            if (HeaderCount + kept.Count >= FindingFactory.MaxProductFields)
            {
                break;
            }

            if (IsReserved(key))
            {
                continue;
            }

            var cut = FindingFactory.Truncate(key, FindingFactory.MaxProductFieldKey);
            if (HeaderValue(cut) is null && !kept.ContainsKey(cut))
            {
                kept[cut] = FindingFactory.Truncate(value, FindingFactory.MaxProductFieldValue);
            }
        }

        return kept;
    }

    /// <summary>Security Hub's own fields, which a provider may not write, and the fingerprint, which evidence may not.</summary>
    private static bool IsReserved(string key) => key.StartsWith("aws/", StringComparison.Ordinal) || key == EvidenceFields.Fingerprint;
}
