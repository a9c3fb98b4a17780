namespace Auditor.Core.Findings;

/// <summary>
/// Keeps the value made for the last key and hands it out again while the key stays the same: for a value a run asks
/// for over and over with one key (a report's evidence origin, an evidence time as text, the product ARN), made once
/// rather than once per result or finding. Safe on several threads: the key and its value are swapped in together.
/// </summary>
internal sealed class LastValueCache<TKey, TValue>(Func<TKey, TValue> make)
    where TKey : notnull
{
    private Entry? _last;

    public TValue Get(TKey key)
    {
        var last = _last;
        if (last is null || !EqualityComparer<TKey>.Default.Equals(last.Key, key))
        {
            last = new Entry(key, make(key));
            _last = last;
        }

        return last.Value;
    }

    private sealed record Entry(TKey Key, TValue Value);
}
