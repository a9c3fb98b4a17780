using Auditor.Core.Auditing;
using Auditor.Core.Evaluation;
using Auditor.Core.Model;

namespace Auditor.Core.Findings;

/// <summary>
/// The plan stage: from one run's evaluation and what Security Hub already holds, the findings of the run and, per
/// Security Hub region, what to import there. A scope the run had no time to evaluate (its results are
/// <see cref="RunBudget.DeadlineReached"/>) is not done: nothing is written for it, none of its findings is archived,
/// it is reported, and the next run evaluates it. Pure: the import stage does the writing.
/// </summary>
public sealed record ImportPlan
{
    /// <summary>Every finding the run produced for the scopes it finished, before lifecycle, in the form it would be imported.</summary>
    public required IReadOnlyList<AsffFinding> Findings { get; init; }

    /// <summary>Scopes whose data could not be read: their stored findings are kept, and they are reported.</summary>
    public required IReadOnlyDictionary<FindingScope, string> UnavailableScopes { get; init; }

    /// <summary>Scopes the run had no time to evaluate: nothing is written for them.</summary>
    public required IReadOnlyDictionary<FindingScope, string> NotDoneScopes { get; init; }

    /// <summary>What to do in each Security Hub region the run writes to (none for a dry run).</summary>
    public required IReadOnlyList<RegionImport> Regions { get; init; }

    /// <param name="stored">What each import region holds (or why it could not be read); ignored for a dry run.</param>
    /// <param name="rootEventRetention">How long the root-alert function's root.event findings stay active.</param>
    /// <param name="refresh">When an unchanged finding is imported again.</param>
    public static ImportPlan Create(AuditScope scope, AuditEvaluation evaluation, IReadOnlyList<StoredFindings> stored, TimeSpan rootEventRetention, RefreshPolicy refresh, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(stored);
        var notDone = evaluation.Results
            .Where(r => r.Status == ComplianceStatus.NotAvailable && r.StatusReason?.ReasonCode == RunBudget.DeadlineReached)
            .GroupBy(r => FindingFactory.ScopeOf(r, scope.AccountId))
            .ToDictionary(g => g.Key, g => g.First().StatusReason!.Description ?? g.First().Description);
        var metadata = scope.Checks.ToDictionary(c => c.Metadata.Id, c => c.Metadata, StringComparer.Ordinal);
        var findings = evaluation.Results
            .Where(r => !notDone.ContainsKey(FindingFactory.ScopeOf(r, scope.AccountId)))
            .Select(r => FindingFactory.Create(r, metadata[r.CheckId], scope.AccountId, scope.Partition, r.Region ?? scope.SecurityHubRegion, now))
            .ToList();
        var plan = new ImportPlan
        {
            Findings = findings,
            UnavailableScopes = evaluation.UnavailableScopes.Where(s => !notDone.ContainsKey(s.Key)).ToDictionary(),
            NotDoneScopes = notDone,
            Regions = [],
        };
        if (scope.DryRun)
        {
            return plan;
        }

        var evaluated = evaluation.EvaluatedScopes.Where(s => !notDone.ContainsKey(s)).ToHashSet();
        var storedByRegion = stored.ToDictionary(s => s.Region, StringComparer.Ordinal);
        return plan with
        {
            Regions = scope.ImportRegions.Select(region =>
            {
                var productArn = FindingIdentity.ProductArn(scope.Partition, region, scope.AccountId);
                var produced = findings.Where(f => f.ProductArn == productArn).ToList();
                var held = storedByRegion.GetValueOrDefault(region) ?? StoredFindings.NotRead(region, "NotRead", $"the findings in {region} were not read");
                if (!held.Read)
                {
                    return new RegionImport(region, produced) { StoredNotRead = held };
                }

                var lifecycle = FindingLifecycle.Plan(produced, held.Findings!, evaluated, now, refresh);

                // The root-alert function's findings age out here, the one place that runs every night in this region.
                var expired = FindingLifecycle.ExpireRootEvents(held.Findings!, rootEventRetention, now);
                return new RegionImport(region, produced) { Lifecycle = lifecycle, Expired = expired.Count, Imports = [.. lifecycle.Imports, .. expired] };
            }).ToList(),
        };
    }
}

/// <summary>
/// One Security Hub region of a run: the findings produced for it and, when its stored findings were read, the
/// lifecycle to import (archives last); when they were not, why, and nothing is imported there.
/// </summary>
public sealed record RegionImport(string Region, IReadOnlyList<AsffFinding> Produced)
{
    public LifecyclePlan? Lifecycle { get; init; }

    /// <summary><c>root.event</c> findings archived because they outlived the retention.</summary>
    public int Expired { get; init; }

    /// <summary>What to import, in order: the lifecycle's imports, then the expired root events.</summary>
    public IReadOnlyList<AsffFinding> Imports { get; init; } = [];

    /// <summary>Set when the region's stored findings could not be read: nothing is imported or archived there.</summary>
    public StoredFindings? StoredNotRead { get; init; }
}
