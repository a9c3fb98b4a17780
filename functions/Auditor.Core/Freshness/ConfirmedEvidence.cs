using Auditor.Core.Evaluation;
using Auditor.Core.Model;

namespace Auditor.Core.Freshness;

/// <summary>
/// The evidence as the confirm stage hands it to the evaluate stage: the snapshot with a stale report's user rows
/// confirmed live where it mattered, how fresh the report was, and what the confirmation could not settle.
/// </summary>
/// <param name="Snapshot">The evidence to evaluate; <see cref="AccountSnapshot.CredentialReportStale"/> is set when the report was stale.</param>
/// <param name="Freshness">The report's age and the live reads made (confirmed and overturned results are counted once evaluated).</param>
public sealed record ConfirmedEvidence(AccountSnapshot Snapshot, FreshnessSummary Freshness)
{
    /// <summary>What the stale report said, as the checks that read it saw it before confirmation; null when the report was fresh.</summary>
    public AuditEvaluation? ReportPreview { get; init; }

    /// <summary>
    /// Why the per-user scopes must keep their stored findings this run: the users created since the report could not
    /// be listed or read, so a stored finding of a user the report does not know must not be archived as fixed.
    /// </summary>
    public string? UserScopesUnsettled { get; init; }

    /// <summary>Evidence that needed no confirmation.</summary>
    public static ConfirmedEvidence AsCollected(AccountSnapshot snapshot, FreshnessSummary freshness) => new(snapshot, freshness);
}
