using Auditor.Aws.Http;
using Auditor.Core.Auditing;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence;

/// <summary>
/// The collect stage: runs, side by side and once per run, the reader of every kind of evidence the selected checks
/// read, and nothing else. A piece that cannot be read (access denied, retries exhausted, an unreadable report) is
/// recorded with its reason, so its checks report NOT_AVAILABLE for that scope while the rest of the audit proceeds;
/// a piece the run had no time for is recorded as <see cref="RunBudget.DeadlineReached"/>.
/// </summary>
public sealed class EvidenceCollector
{
    private readonly AwsClientFactory _clients;
    private readonly AuditSettings _settings;
    private readonly TimeProvider _time;

    public EvidenceCollector(AwsClientFactory clients, AuditSettings settings, TimeProvider time)
    {
        _clients = clients;
        _settings = settings;
        _time = time;
    }

    /// <summary>
    /// Reads what the scope's checks read. A read not started before <see cref="RunBudget.StopReadingAt"/>, or still
    /// running then, is recorded as <see cref="RunBudget.DeadlineReached"/>: not evaluated, never guessed.
    /// </summary>
    public Task<AccountSnapshot> CollectAsync(AuditScope scope, RunBudget budget, CancellationToken cancellationToken) =>
        CollectAsync(scope, (scope ?? throw new ArgumentNullException(nameof(scope))).Evidence, budget, cancellationToken);

    /// <summary>Reads the given kinds of evidence of the scope's account and regions (tools and tests that read one kind).</summary>
    public async Task<AccountSnapshot> CollectAsync(AuditScope scope, IEnumerable<EvidenceKind> kinds, RunBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(budget);
        using var window = budget.OpenReadWindow(cancellationToken);
        var context = new EvidenceReadContext(scope, _clients, _settings, _time, budget, window);
        var read = await Task.WhenAll(EvidenceReaders.For(kinds).Select(reader => reader.ReadAsync(context))).ConfigureAwait(false);
        var snapshot = new AccountSnapshot
        {
            AccountId = scope.AccountId,
            Partition = scope.Partition,
            Regions = scope.Regions,
            CollectedAt = _time.GetUtcNow(),
        };
        return read.Aggregate(snapshot, (current, add) => add(current));
    }
}
