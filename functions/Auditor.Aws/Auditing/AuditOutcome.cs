using Auditor.Aws.SecurityHub;
using Auditor.Aws.Suppressions;
using Auditor.Core.Auditing;
using Auditor.Core.Changes;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;

namespace Auditor.Aws.Auditing;

/// <summary>What one audit of one account did.</summary>
public sealed record AuditOutcome
{
    public required string AccountId { get; init; }

    public required IReadOnlyList<string> Regions { get; init; }

    public required string SecurityHubRegion { get; init; }

    public required IReadOnlyList<string> Checks { get; init; }

    public required bool DryRun { get; init; }

    /// <summary>Every finding the run produced (before lifecycle), in the form it would be imported.</summary>
    public required IReadOnlyList<AsffFinding> Findings { get; init; }

    public required IReadOnlyDictionary<FindingScope, string> UnavailableScopes { get; init; }

    /// <summary>How fresh the IAM evidence was: the report's age, and what live calls confirmed or overturned.</summary>
    public required FreshnessSummary Freshness { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Reactivated { get; init; }

    public int Archived { get; init; }

    /// <summary>Findings the run produced that Security Hub already held unchanged: not imported (see <see cref="RefreshPolicy"/>).</summary>
    public int Unchanged { get; init; }

    /// <summary><c>root.event</c> findings archived because they outlived the retention.</summary>
    public int Expired { get; init; }

    public int Imported { get; init; }

    public IReadOnlyList<ImportFailure> ImportFailures { get; init; } = [];

    /// <summary>Scopes the run had no time to evaluate (<see cref="RunBudget.DeadlineReached"/>): nothing was written for them.</summary>
    public IReadOnlyDictionary<FindingScope, string> NotDoneScopes { get; init; } = new Dictionary<FindingScope, string>();

    /// <summary>Findings evaluated but not imported (or not confirmed) because the run reached its deadline.</summary>
    public IReadOnlyList<ImportFailure> NotImported { get; init; } = [];

    /// <summary>Regions left out because Security Hub is not enabled there: nothing written, their stored findings kept.</summary>
    public IReadOnlyList<string> SecurityHubNotEnabled { get; init; } = [];

    /// <summary>What Security Hub answered in each of <see cref="SecurityHubNotEnabled"/>.</summary>
    public IReadOnlyDictionary<string, string> SecurityHubNotEnabledDetails { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>What changed since the last run: new, regressed, fixed and archived findings.</summary>
    public FindingChanges Changes { get; init; } = FindingChanges.None;

    /// <summary>What the accepted risks did: findings suppressed and unsuppressed, expired rules, refused updates.</summary>
    public SuppressionResult Suppressions { get; init; } = SuppressionResult.None;

    /// <summary>False when the deadline left work undone; the next run completes it.</summary>
    public bool Complete => NotDoneScopes.Count == 0 && NotImported.Count == 0;

    /// <summary>The outcome of a run: its scope and plan, how fresh its evidence was, and what each region's import did.</summary>
    public static AuditOutcome From(AuditScope scope, ImportPlan plan, FreshnessSummary freshness, IReadOnlyList<RegionImportResult> imported)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(imported);
        return new AuditOutcome
        {
            AccountId = scope.AccountId,
            Regions = scope.Regions,
            SecurityHubRegion = scope.SecurityHubRegion,
            Checks = scope.Checks.Select(c => c.Metadata.Id).ToList(),
            DryRun = scope.DryRun,
            Findings = plan.Findings,
            UnavailableScopes = plan.UnavailableScopes,
            NotDoneScopes = plan.NotDoneScopes,
            Freshness = freshness,
            Created = imported.Sum(p => p.Lifecycle?.Created ?? 0),
            Updated = imported.Sum(p => p.Lifecycle?.Updated ?? 0),
            Reactivated = imported.Sum(p => p.Lifecycle?.Reactivated ?? 0),
            Archived = imported.Sum(p => p.Lifecycle?.Archived ?? 0),
            Unchanged = imported.Sum(p => p.Lifecycle?.Unchanged ?? 0),
            Expired = imported.Sum(p => p.Expired),
            Imported = imported.Sum(p => p.Result.Imported),
            ImportFailures = imported.SelectMany(p => p.Result.Failed).ToList(),
            NotImported = imported.SelectMany(p => p.Result.NotImported).ToList(),
            SecurityHubNotEnabled = [.. scope.SecurityHubNotEnabled.Keys.Order(StringComparer.Ordinal)],
            SecurityHubNotEnabledDetails = scope.SecurityHubNotEnabled,
        };
    }
}
