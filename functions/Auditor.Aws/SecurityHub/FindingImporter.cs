using Auditor.Aws.Http;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>
/// The import stage: writes each region's planned imports through the <see cref="SecurityHubWriter"/>, regions side
/// by side. A region whose stored findings could not be read gets nothing (every produced finding is reported as not
/// imported, with why); nothing starts once the budget says no new work.
/// </summary>
public sealed class FindingImporter
{
    private readonly AwsClientFactory _clients;

    public FindingImporter(AwsClientFactory clients) => _clients = clients;

    public static IReadOnlyList<AwsOperation> Operations { get; } = [SecurityHubClient.BatchImportFindings];

    public async Task<IReadOnlyList<RegionImportResult>> ImportAsync(ImportPlan plan, RunBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return await Task.WhenAll(plan.Regions.Select(region => ImportRegionAsync(region, budget, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<RegionImportResult> ImportRegionAsync(RegionImport region, RunBudget budget, CancellationToken cancellationToken)
    {
        if (!budget.MayStartWork || cancellationToken.IsCancellationRequested || region.StoredNotRead?.ErrorCode == RunBudget.DeadlineReached)
        {
            var reason = budget.Describe("not imported");
            return RegionImportResult.NotAttempted(region, new ImportResult(0, [])
            {
                NotImported = region.Produced.Select(f => new ImportFailure(f.Id, region.Region, RunBudget.DeadlineReached, reason)).ToList(),
            });
        }

        if (region.StoredNotRead?.ErrorCode == Auditing.SecurityHubNotEnabledException.ErrorCode)
        {
            // Not a failure of these findings: the region is reported as a whole (AuditOutcome.SecurityHubNotEnabled).
            return RegionImportResult.NotAttempted(region, new ImportResult(0, []));
        }

        if (region.StoredNotRead is { } notRead)
        {
            return RegionImportResult.NotAttempted(region, new ImportResult(0, region.Produced.Select(f => new ImportFailure(
                f.Id,
                region.Region,
                notRead.ErrorCode!,
                $"the findings already in Security Hub in {region.Region} could not be read, so nothing was imported or archived there: {notRead.ErrorMessage}")).ToList()));
        }

        if (region.Imports.Count == 0)
        {
            return RegionImportResult.Attempted(region, new ImportResult(0, []));
        }

        var writer = new SecurityHubWriter(_clients.SecurityHub(region.Region), _clients.Resilience.Options);
        return RegionImportResult.Attempted(region, await writer.ImportAsync(region.Imports, budget, cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>
/// What one region's import did: the lifecycle it carried out (null when nothing was attempted there: no time, or its
/// stored findings could not be read), the root events it expired, and the writer's result.
/// </summary>
public sealed record RegionImportResult(string Region, LifecyclePlan? Lifecycle, int Expired, ImportResult Result)
{
    public static RegionImportResult Attempted(RegionImport region, ImportResult result) => new(region.Region, region.Lifecycle, region.Expired, result);

    public static RegionImportResult NotAttempted(RegionImport region, ImportResult result) => new(region.Region, null, 0, result);
}
