using System.Text.RegularExpressions;
using Auditor.Aws.Collection;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Aws.Auditing;

/// <summary>
/// Audits one account end to end: who we are, which regions, that Security Hub can take the findings, the
/// snapshot, the checks, the lifecycle against what Security Hub already holds, and the import. Everything that
/// could make the request invalid is checked before anything is written.
/// </summary>
public sealed partial class AccountAuditor
{
    private readonly AwsClientFactory _clients;
    private readonly AuditorOptions _options;
    private readonly TimeProvider _time;

    public AccountAuditor(AwsClientFactory clients, AuditorOptions options, TimeProvider time)
    {
        _clients = clients;
        _options = options;
        _time = time;
    }

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$")]
    public static partial Regex RegionName();

    public async Task<AuditOutcome> RunAsync(AuditRequest request, CancellationToken cancellationToken)
    {
        var checks = SelectChecks(request.Checks);
        using var sts = _clients.Sts();
        var accountId = await sts.GetCallerIdentityAccountAsync(cancellationToken).ConfigureAwait(false);
        if (request.Accounts is { } accounts && accounts.Any(a => a != accountId))
        {
            throw new AuditRequestException("accounts", $"this function audits its own account {accountId}; {string.Join(", ", accounts.Where(a => a != accountId))} can only be audited in organization mode");
        }

        var regions = await ResolveRegionsAsync(request.Regions, cancellationToken).ConfigureAwait(false);
        var hubRegion = _options.SecurityHubRegion ?? _clients.Environment.Region;
        var importRegions = checks.Any(c => c.Metadata.Scope == CheckScope.Regional)
            ? regions.Append(hubRegion).Distinct(StringComparer.Ordinal).ToList()
            : [hubRegion];

        if (!request.DryRun)
        {
            await Task.WhenAll(importRegions.Select(r => EnsureSecurityHubAsync(r, cancellationToken))).ConfigureAwait(false);
        }

        // What Security Hub already holds is read once, while the account is read: the lifecycle needs it to keep
        // CreatedAt and to archive, and a stale credential report needs it to know which results changed. A dry run
        // reads nothing from Security Hub. Both reads keep to the run's budget.
        var budget = request.Budget ?? RunBudget.Unlimited;
        var snapshotRead = new SnapshotCollector(_clients, _time) { Settings = _options.Settings }
            .CollectAsync(accountId, regions, SnapshotNeeds.Of(checks), budget, cancellationToken);
        var existingRead = request.DryRun
            ? Task.FromResult(Array.Empty<StoredFindings>())
            : Task.WhenAll(importRegions.Select(r => ReadExistingAsync(r, accountId, budget, cancellationToken)));
        await Task.WhenAll(snapshotRead, existingRead).ConfigureAwait(false);
        var snapshot = await snapshotRead.ConfigureAwait(false);
        var existing = (await existingRead.ConfigureAwait(false)).ToDictionary(e => e.Region, StringComparer.Ordinal);
        var storedGlobal = existing.GetValueOrDefault(hubRegion)?.Findings ?? [];

        var confirmed = await new ReportConfirmer(_clients.Iam(), _time, _options.LiveReadConcurrency)
            .EvaluateAsync(snapshot, checks, _options.Settings, _options.ReportMaxAge, storedGlobal, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var evaluation = confirmed.Evaluation;
        var now = _time.GetUtcNow();

        // A scope whose data the run had no time to read is not done: nothing is written for it (its stored findings
        // keep their state, none is archived), it is reported, and the next run evaluates it.
        var notDone = evaluation.Results
            .Where(r => r.Status == ComplianceStatus.NotAvailable && r.StatusReason?.ReasonCode == RunBudget.DeadlineReached)
            .GroupBy(r => new FindingScope(accountId, r.Region ?? FindingScope.Global, r.CheckId))
            .ToDictionary(g => g.Key, g => g.First().StatusReason!.Description ?? g.First().Description);
        var metadata = checks.ToDictionary(c => c.Metadata.Id, c => c.Metadata, StringComparer.Ordinal);
        var findings = evaluation.Results
            .Where(r => !notDone.ContainsKey(new FindingScope(accountId, r.Region ?? FindingScope.Global, r.CheckId)))
            .Select(r => FindingFactory.Create(r, metadata[r.CheckId], accountId, snapshot.Partition, r.Region ?? hubRegion, now))
            .ToList();
        var evaluated = evaluation.EvaluatedScopes.Where(s => !notDone.ContainsKey(s)).ToHashSet();

        var outcome = new AuditOutcome
        {
            AccountId = accountId,
            Regions = regions,
            SecurityHubRegion = hubRegion,
            Checks = checks.Select(c => c.Metadata.Id).ToList(),
            DryRun = request.DryRun,
            Findings = findings,
            UnavailableScopes = evaluation.UnavailableScopes.Where(s => !notDone.ContainsKey(s.Key)).ToDictionary(),
            NotDoneScopes = notDone,
            Freshness = confirmed.Freshness,
        };
        if (request.DryRun)
        {
            return outcome;
        }

        var perRegion = await Task.WhenAll(importRegions.Select(region => ImportRegionAsync(
            existing[region],
            findings.Where(f => f.ProductArn == FindingIdentity.ProductArn(snapshot.Partition, region, accountId)).ToList(),
            evaluated,
            now,
            budget,
            cancellationToken))).ConfigureAwait(false);

        return outcome with
        {
            Created = perRegion.Sum(p => p.Plan?.Created ?? 0),
            Updated = perRegion.Sum(p => p.Plan?.Updated ?? 0),
            Reactivated = perRegion.Sum(p => p.Plan?.Reactivated ?? 0),
            Archived = perRegion.Sum(p => p.Plan?.Archived ?? 0),
            Expired = perRegion.Sum(p => p.Expired),
            Imported = perRegion.Sum(p => p.Result.Imported),
            ImportFailures = perRegion.SelectMany(p => p.Result.Failed).ToList(),
            NotImported = perRegion.SelectMany(p => p.Result.NotImported).ToList(),
        };
    }

    /// <summary>
    /// Our findings for the account in one region's Security Hub, or why they could not be read (the run's
    /// deadline included: a read the budget has no time for is not started).
    /// </summary>
    private async Task<StoredFindings> ReadExistingAsync(string region, string accountId, RunBudget budget, CancellationToken cancellationToken)
    {
        if (!budget.MayStartWork || cancellationToken.IsCancellationRequested)
        {
            return new StoredFindings(region, null, RunBudget.DeadlineReached, budget.Describe("not read"));
        }

        var productArn = FindingIdentity.ProductArn(_clients.Environment.Partition, region, accountId);
        try
        {
            var findings = await _clients.SecurityHub(region).GetFindingsAsync(
                new Dictionary<string, IReadOnlyList<StringFilter>>
                {
                    ["ProductArn"] = [StringFilter.EqualTo(productArn)],
                    ["AwsAccountId"] = [StringFilter.EqualTo(accountId)],
                    ["Id"] = [StringFilter.Prefix(FindingIdentity.AccountPrefix(accountId))],
                },
                cancellationToken).ConfigureAwait(false);
            return new StoredFindings(region, findings);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StoredFindings(region, null, RunBudget.DeadlineReached, budget.Describe("not read"));
        }
        catch (Exception e) when (e is AwsServiceException || TransientErrors.IsTransient(e))
        {
            var (code, message) = e is AwsServiceException aws ? (aws.ErrorCode, aws.Message) : (TransientErrors.Cause(e), e.Message);
            return new StoredFindings(region, null, code, message);
        }
    }

    /// <summary>
    /// Plans the lifecycle of one region against what Security Hub holds and imports it (archives last). When the
    /// stored findings could not be read, nothing is imported or archived in the region: without them an import would
    /// reset CreatedAt and nothing could be archived safely, so every finding is reported instead. Nothing starts
    /// once the budget says no new work.
    /// </summary>
    private async Task<(LifecyclePlan? Plan, int Expired, ImportResult Result)> ImportRegionAsync(
        StoredFindings existing, IReadOnlyList<AsffFinding> produced, IReadOnlySet<FindingScope> evaluated, DateTimeOffset now, RunBudget budget, CancellationToken cancellationToken)
    {
        var region = existing.Region;
        if (!budget.MayStartWork || cancellationToken.IsCancellationRequested || existing.ErrorCode == RunBudget.DeadlineReached)
        {
            return (null, 0, NothingImported(produced, region, budget));
        }

        if (existing.Findings is null)
        {
            return (null, 0, new ImportResult(0, produced.Select(f => new ImportFailure(f.Id, region, existing.ErrorCode!, $"the findings already in Security Hub in {region} could not be read, so nothing was imported or archived there: {existing.ErrorMessage}")).ToList()));
        }

        var plan = FindingLifecycle.Plan(produced, existing.Findings, evaluated, now);

        // The root-alert function's findings age out here, the one place that runs every night in this region.
        var expired = FindingLifecycle.ExpireRootEvents(existing.Findings, TimeSpan.FromDays(_options.RootEventRetentionDays), now);
        var imports = plan.Imports.Concat(expired).ToList();
        if (imports.Count == 0)
        {
            return (plan, 0, new ImportResult(0, []));
        }

        var writer = new SecurityHubWriter(_clients.SecurityHub(region), _clients.Resilience.Options);
        return (plan, expired.Count, await writer.ImportAsync(imports, budget, cancellationToken).ConfigureAwait(false));
    }

    private static ImportResult NothingImported(IReadOnlyList<AsffFinding> produced, string region, RunBudget budget) =>
        new(0, []) { NotImported = produced.Select(f => new ImportFailure(f.Id, region, RunBudget.DeadlineReached, budget.Describe("not imported"))).ToList() };

    private async Task EnsureSecurityHubAsync(string region, CancellationToken cancellationToken)
    {
        try
        {
            await _clients.SecurityHub(region).DescribeHubAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidAccessException" or "ResourceNotFoundException")
        {
            throw new SecurityHubNotEnabledException(region, e.ErrorMessage);
        }
    }

    private async Task<IReadOnlyList<string>> ResolveRegionsAsync(IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        var wanted = requested ?? _options.Regions;
        foreach (var region in wanted ?? [])
        {
            if (!RegionName().IsMatch(region))
            {
                throw new AuditRequestException("regions", $"'{region}' is not a region name (expected a name like us-east-1)");
            }
        }

        var enabled = await _clients.Ec2(_clients.Environment.Region).DescribeRegionsAsync(cancellationToken).ConfigureAwait(false);
        if (wanted is null)
        {
            return enabled;
        }

        var notEnabled = wanted.Where(r => !enabled.Contains(r, StringComparer.Ordinal)).ToList();
        if (notEnabled.Count > 0)
        {
            throw new AuditRequestException("regions", $"{string.Join(", ", notEnabled)} {(notEnabled.Count == 1 ? "is" : "are")} not enabled for this account (enabled: {string.Join(", ", enabled)})");
        }

        return wanted.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IReadOnlyList<ICheck> SelectChecks(IReadOnlyList<string>? ids)
    {
        var unknown = ids?.Where(id => CheckCatalog.Find(id) is null).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new AuditRequestException("checks", $"unknown check id(s) {string.Join(", ", unknown)}; known: {string.Join(", ", CheckCatalog.Ids)}");
        }

        return CheckCatalog.Select(ids);
    }

    private sealed record StoredFindings(string Region, IReadOnlyList<AsffFinding>? Findings, string? ErrorCode = null, string? ErrorMessage = null);
}
