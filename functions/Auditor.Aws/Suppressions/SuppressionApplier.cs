using Auditor.Aws.Http;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Suppressions;

namespace Auditor.Aws.Suppressions;

/// <summary>
/// The last stage of an audit: sets the workflow the <see cref="SuppressionPlan"/> decided, through
/// <c>BatchUpdateFindings</c> in each finding's region, findings with the same status and note together, 100 a call.
/// A finding whose import failed is left for the next run; what Security Hub refuses is reported, never dropped.
/// </summary>
public sealed class SuppressionApplier
{
    private readonly AwsClientFactory _clients;

    public SuppressionApplier(AwsClientFactory clients) => _clients = clients;

    public static IReadOnlyList<AwsOperation> Operations { get; } = [SecurityHubClient.BatchUpdateFindings];

    public async Task<SuppressionResult> ApplyAsync(SuppressionPlan plan, IReadOnlySet<string> notImported, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(notImported);
        var updates = plan.Updates.Where(u => !notImported.Contains(u.FindingId)).ToList();
        var batches = updates
            .GroupBy(u => (u.Region, u.Status, u.Note))
            .SelectMany(g => g.Chunk(SecurityHubClient.MaxFindingsPerImport).Select(chunk => (g.Key, Updates: chunk)))
            .ToList();
        var results = await Task.WhenAll(batches.Select(b => SendAsync(b.Key.Region, b.Key.Status, b.Key.Note, b.Updates, cancellationToken))).ConfigureAwait(false);
        var failures = results.SelectMany(r => r).ToList();
        var failed = failures.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var done = updates.Where(u => !failed.Contains(u.FindingId)).ToList();
        return new SuppressionResult(
            done.Count(u => u.Status == SuppressionNotes.Suppressed),
            done.Count(u => u.Status == SuppressionNotes.New),
            plan.ExpiredRules,
            failures);
    }

    private async Task<IReadOnlyList<ImportFailure>> SendAsync(string region, string status, string note, WorkflowUpdate[] updates, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _clients.SecurityHub(region).BatchUpdateFindingsAsync(
                new BatchUpdateFindingsRequest(
                    updates.Select(u => new FindingIdentifier(u.FindingId, u.ProductArn)).ToList(),
                    new BatchUpdateWorkflow(status),
                    new BatchUpdateNote(note, SuppressionNotes.Author)),
                cancellationToken).ConfigureAwait(false);
            return (response.UnprocessedFindings ?? [])
                .Select(u => new ImportFailure(u.FindingIdentifier?.Id ?? "(unnamed)", region, u.ErrorCode ?? "Unprocessed", u.ErrorMessage ?? "Security Hub did not process the update"))
                .ToList();
        }
        catch (AwsServiceException e)
        {
            return updates.Select(u => new ImportFailure(u.FindingId, region, e.ErrorCode, e.ErrorMessage)).ToList();
        }
    }
}

/// <summary>What the suppression stage did: findings suppressed and unsuppressed, the rules that expired, and updates Security Hub refused.</summary>
public sealed record SuppressionResult(int Suppressed, int Unsuppressed, IReadOnlyList<SuppressionRule> ExpiredRules, IReadOnlyList<ImportFailure> Failures)
{
    public static SuppressionResult None { get; } = new(0, 0, [], []);
}
