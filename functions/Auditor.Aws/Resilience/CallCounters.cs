using System.Collections.Concurrent;

namespace Auditor.Aws.Resilience;

/// <summary>
/// Thread-safe counts of AWS calls by operation, of retries by cause and by operation, and of calls that failed
/// after their last retry, for the run summary; <see cref="RetryObserver"/> sees every retry as it happens.
/// </summary>
public sealed class CallCounters
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _retries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _retriesByOperation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _exhausted = new(StringComparer.Ordinal);

    /// <summary>Called on every retry (for example to log it); must not throw.</summary>
    public Action<RetryNotice>? RetryObserver { get; set; }

    public void Call(string service, string operation) => _calls.AddOrUpdate($"{service}:{operation}", 1, (_, n) => n + 1);

    public void Call(Http.AwsOperation operation) => Call(operation.Service.SigningName, operation.Name);

    public void Retry(string cause) => _retries.AddOrUpdate(cause, 1, (_, n) => n + 1);

    /// <summary>Counts one retry of one operation, and tells the observer.</summary>
    public void Retry(RetryNotice notice)
    {
        Retry(notice.Cause);
        _retriesByOperation.AddOrUpdate($"{notice.Service}:{notice.Operation}", 1, (_, n) => n + 1);
        RetryObserver?.Invoke(notice);
    }

    /// <summary>A call that still failed with a transient error after its last retry.</summary>
    public void Exhausted(string service, string operation) => _exhausted.AddOrUpdate($"{service}:{operation}", 1, (_, n) => n + 1);

    /// <summary>Attempts sent, retries included, by <c>service:Operation</c>.</summary>
    public IReadOnlyDictionary<string, int> Calls => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

    /// <summary>Retries by cause: <c>throttling</c>, <c>http-503</c>, <c>timeout</c>, <c>connection</c>, …</summary>
    public IReadOnlyDictionary<string, int> Retries => new SortedDictionary<string, int>(_retries, StringComparer.Ordinal);

    /// <summary>Retries by <c>service:Operation</c>.</summary>
    public IReadOnlyDictionary<string, int> RetriesByOperation => new SortedDictionary<string, int>(_retriesByOperation, StringComparer.Ordinal);

    /// <summary>Calls that failed after every retry allowed, by <c>service:Operation</c>.</summary>
    public IReadOnlyDictionary<string, int> RetriesExhausted => new SortedDictionary<string, int>(_exhausted, StringComparer.Ordinal);

    public int TotalCalls => _calls.Values.Sum();

    public int TotalRetries => _retries.Values.Sum();
}

/// <summary>One retry: which call, why, which attempt failed (1 = the first), and the wait before the next.</summary>
public sealed record RetryNotice(string Service, string Region, string Operation, string Cause, int FailedAttempt, TimeSpan Delay, string Error);
