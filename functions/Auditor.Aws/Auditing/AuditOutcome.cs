using Auditor.Aws.SecurityHub;
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

    /// <summary><c>root.event</c> findings archived because they outlived the retention.</summary>
    public int Expired { get; init; }

    public int Imported { get; init; }

    public IReadOnlyList<ImportFailure> ImportFailures { get; init; } = [];

    /// <summary>Scopes the run had no time to evaluate (<see cref="RunBudget.DeadlineReached"/>): nothing was written for them.</summary>
    public IReadOnlyDictionary<FindingScope, string> NotDoneScopes { get; init; } = new Dictionary<FindingScope, string>();

    /// <summary>Findings evaluated but not imported (or not confirmed) because the run reached its deadline.</summary>
    public IReadOnlyList<ImportFailure> NotImported { get; init; } = [];

    /// <summary>False when the deadline left work undone; the next run completes it.</summary>
    public bool Complete => NotDoneScopes.Count == 0 && NotImported.Count == 0;
}
