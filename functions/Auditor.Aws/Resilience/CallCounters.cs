using System.Collections.Concurrent;

namespace Auditor.Aws.Resilience;

/// <summary>Thread-safe counts of AWS calls by operation and of retries by cause, for the run summary.</summary>
public sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _retries = new(StringComparer.Ordinal);

    public void Call(string service, string operation) => _calls.AddOrUpdate($"{service}:{operation}", 1, (_, n) => n + 1);

    public void Retry(string cause) => _retries.AddOrUpdate(cause, 1, (_, n) => n + 1);

    /// <summary>Attempts sent, retries included, by <c>service:Operation</c>.</summary>
    public IReadOnlyDictionary<string, int> Calls => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Retries => new SortedDictionary<string, int>(_retries, StringComparer.Ordinal);

    public int TotalCalls => _calls.Values.Sum();

    public int TotalRetries => _retries.Values.Sum();
}
