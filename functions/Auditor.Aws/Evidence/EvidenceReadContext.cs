using Auditor.Aws.Http;
using Auditor.Core.Auditing;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence;

/// <summary>
/// What every evidence reader of one run shares: the account and its regions, the signed clients, the thresholds, the
/// clock, and the run's read budget. <see cref="GatherAsync{T}"/> is how a reader reads: within the budget, with a
/// failure turned into a reason a security engineer can act on.
/// </summary>
public sealed class EvidenceReadContext
{
    private readonly RunBudget _budget;
    private readonly RunBudget.ReadWindow _window;

    public EvidenceReadContext(AuditScope scope, AwsClientFactory clients, AuditSettings settings, TimeProvider time, RunBudget budget, RunBudget.ReadWindow window)
    {
        Scope = scope;
        Clients = clients;
        Settings = settings;
        Time = time;
        _budget = budget;
        _window = window;
    }

    public AuditScope Scope { get; }

    public string AccountId => Scope.AccountId;

    public IReadOnlyList<string> Regions => Scope.Regions;

    public AwsClientFactory Clients { get; }

    public AuditSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>Cancelled when the read phase runs out of time, or when the whole run is cancelled.</summary>
    public CancellationToken Token => _window.Token;

    /// <summary>
    /// Runs one read and turns its failure into a reason a security engineer can act on. A read the budget has no
    /// time for is not started; one the read window cut off is <see cref="RunBudget.DeadlineReached"/>. Cancellation
    /// of the whole run is not a failure of one read: it propagates.
    /// </summary>
    public async Task<Gathered<T>> GatherAsync<T>(Func<Task<T>> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);

        // Let the other reads start before this one runs synchronously up to its first await.
        await Task.Yield();
        if (!_budget.MayRead || _window.TimedOut)
        {
            return Gathered<T>.Failed(RunBudget.DeadlineReached, _budget.Describe("not read"));
        }

        try
        {
            return Gathered<T>.Ok(await read().ConfigureAwait(false));
        }
        catch (Exception) when (_window.TimedOut)
        {
            // Whatever the read was doing when its time ran out (waiting, retrying, parsing), it did not finish.
            return Gathered<T>.Failed(RunBudget.DeadlineReached, _budget.Describe("not read in time"));
        }
        catch (Exception e) when (ReadFailures.TryDescribe(e, out var code, out var reason))
        {
            return Gathered<T>.Failed(code, reason);
        }
    }
}
