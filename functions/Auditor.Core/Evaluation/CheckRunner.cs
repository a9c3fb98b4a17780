using Auditor.Core.Checks;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Evaluation;

/// <summary>Runs the selected checks over a snapshot and works out which scopes they fully evaluated.</summary>
public static class CheckRunner
{
    public static AuditEvaluation Evaluate(AccountSnapshot snapshot, IReadOnlyList<ICheck> checks, AuditSettings settings, DateTimeOffset now)
    {
        var results = new List<CheckResult>();
        var evaluated = new HashSet<FindingScope>();
        var unavailable = new Dictionary<FindingScope, string>();
        // Most results share one of two origins: format their timestamps once per run, not per result.
        var report = snapshot.CredentialReport.Value;
        var reportOrigin = report is null ? null : EvidenceOrigin.FromReport(report);
        var reportTime = report is null ? null : AsffTimestampConverter.ToAsff(report.GeneratedTime);
        var liveOrigin = EvidenceOrigin.Live(snapshot.CollectedAt);
        var liveTime = AsffTimestampConverter.ToAsff(snapshot.CollectedAt);
        string TimeOf(EvidenceOrigin origin) =>
            origin == reportOrigin ? reportTime! : origin == liveOrigin ? liveTime : AsffTimestampConverter.ToAsff(origin.Time);

        foreach (var check in checks)
        {
            var metadata = check.Metadata;
            var scopes = metadata.Scope == CheckScope.Global
                ? [new FindingScope(snapshot.AccountId, FindingScope.Global, metadata.Id)]
                : snapshot.Regions.Select(r => new FindingScope(snapshot.AccountId, r, metadata.Id)).ToList();
            evaluated.UnionWith(scopes);

            foreach (var result in check.Evaluate(snapshot, settings, now))
            {
                var origin = result.Origin ?? DefaultOrigin(metadata, snapshot);
                var withEvidence = result with { Origin = origin, Evidence = new EvidenceWithSource(result.Evidence, origin.Source, TimeOf(origin)) };
                results.Add(withEvidence);
                if (result.Status == ComplianceStatus.NotAvailable)
                {
                    var scope = new FindingScope(snapshot.AccountId, result.Region ?? FindingScope.Global, metadata.Id);
                    evaluated.Remove(scope);
                    unavailable[scope] = result.StatusReason?.Description ?? result.Description;
                }
            }
        }

        return new AuditEvaluation(results, evaluated, unavailable);
    }

    /// <summary>The origin of a result whose check did not name one: the report for checks that read it, else live.</summary>
    public static EvidenceOrigin DefaultOrigin(CheckMetadata metadata, AccountSnapshot snapshot) =>
        metadata.Needs.HasFlag(SnapshotData.CredentialReport) && snapshot.CredentialReport.Value is { } report
            ? EvidenceOrigin.FromReport(report)
            : EvidenceOrigin.Live(snapshot.CollectedAt);
}
