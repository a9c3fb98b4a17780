using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>
/// Reads, once per run and region, Auditor's findings for the account as Security Hub holds them: the lifecycle needs
/// them to keep CreatedAt and to archive, and a stale credential report needs them to know which results changed. A
/// region whose findings cannot be read (or that the budget has no time for) is recorded with the reason.
/// </summary>
public sealed class StoredFindingsReader
{
    private readonly AwsClientFactory _clients;

    public StoredFindingsReader(AwsClientFactory clients) => _clients = clients;

    public static IReadOnlyList<AwsOperation> Operations { get; } = [SecurityHubClient.GetFindings];

    /// <summary>What each import region of the scope holds; nothing is read for a dry run.</summary>
    public async Task<IReadOnlyList<StoredFindings>> ReadAsync(AuditScope scope, RunBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.DryRun
            ? scope.ImportRegions.Select(StoredFindings.None).ToList()
            : await Task.WhenAll(scope.ImportRegions.Select(r => ReadRegionAsync(scope, r, budget, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<StoredFindings> ReadRegionAsync(AuditScope scope, string region, RunBudget budget, CancellationToken cancellationToken)
    {
        if (scope.SecurityHubNotEnabled.TryGetValue(region, out var notEnabled))
        {
            return StoredFindings.NotRead(region, Auditing.SecurityHubNotEnabledException.ErrorCode, notEnabled);
        }

        if (!budget.MayStartWork || cancellationToken.IsCancellationRequested)
        {
            return StoredFindings.NotRead(region, RunBudget.DeadlineReached, budget.Describe("not read"));
        }

        var productArn = FindingIdentity.ProductArn(scope.Partition, region, scope.AccountId);
        try
        {
            var findings = await _clients.SecurityHub(region).GetFindingsAsync(
                new Dictionary<string, IReadOnlyList<StringFilter>>
                {
                    ["ProductArn"] = [StringFilter.EqualTo(productArn)],
                    ["AwsAccountId"] = [StringFilter.EqualTo(scope.AccountId)],
                    ["Id"] = [StringFilter.Prefix(FindingIdentity.AccountPrefix(scope.AccountId))],
                },
                cancellationToken).ConfigureAwait(false);
            return new StoredFindings(region, findings);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return StoredFindings.NotRead(region, RunBudget.DeadlineReached, budget.Describe("not read"));
        }
        catch (Exception e) when (e is AwsServiceException || TransientErrors.IsTransient(e))
        {
            var (code, message) = e is AwsServiceException aws ? (aws.ErrorCode, aws.Message) : (TransientErrors.Cause(e), e.Message);
            return StoredFindings.NotRead(region, code, message);
        }
    }
}
