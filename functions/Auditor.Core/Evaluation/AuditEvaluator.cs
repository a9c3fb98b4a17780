using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;

namespace Auditor.Core.Evaluation;

/// <summary>
/// The evaluate stage: the selected checks run once over the confirmed evidence. Where a stale report's confirmation
/// could not settle who the users are, the per-user scopes keep their stored findings (reported, never archived as
/// fixed); and the live confirmation is counted against what the report said.
/// </summary>
public static class AuditEvaluator
{
    /// <param name="stored">The findings Security Hub holds for the account-global checks (empty for a dry run).</param>
    public static (AuditEvaluation Evaluation, FreshnessSummary Freshness) Evaluate(
        ConfirmedEvidence evidence, IReadOnlyList<ICheck> checks, AuditSettings settings, IReadOnlyList<AsffFinding> stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(checks);
        var snapshot = evidence.Snapshot;
        var evaluation = CheckRunner.Evaluate(snapshot, checks, settings, now);
        if (evidence.UserScopesUnsettled is { } reason)
        {
            var userScopes = checks
                .Where(c => c.Metadata.Reads.Contains(EvidenceKinds.IamUsers))
                .Select(c => new FindingScope(snapshot.AccountId, FindingScope.Global, c.Metadata.Id));
            evaluation = evaluation.WithUnavailable(userScopes, reason);
        }

        var freshness = evidence.ReportPreview is { } preview
            ? evidence.Freshness.WithConfirmation(snapshot.AccountId, preview, evaluation, stored)
            : evidence.Freshness;
        return (evaluation, freshness);
    }
}
