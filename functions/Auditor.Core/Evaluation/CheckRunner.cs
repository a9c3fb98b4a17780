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
        // The same two evidence fields go on every result: format their timestamps once per run, not per result.
        var report = snapshot.CredentialReport.Value;
        var reportSource = report is null ? default : (EvidenceFields.CredentialReportSource, AsffTimestampConverter.ToAsff(report.GeneratedTime));
        var liveSource = (EvidenceFields.LiveSource, AsffTimestampConverter.ToAsff(snapshot.CollectedAt));
        foreach (var check in checks)
        {
            var metadata = check.Metadata;
            var scopes = metadata.Scope == CheckScope.Global
                ? [new FindingScope(snapshot.AccountId, FindingScope.Global, metadata.Id)]
                : snapshot.Regions.Select(r => new FindingScope(snapshot.AccountId, r, metadata.Id)).ToList();
            evaluated.UnionWith(scopes);

            var (source, time) = metadata.Needs.HasFlag(SnapshotData.CredentialReport) && report is not null ? reportSource : liveSource;
            foreach (var result in check.Evaluate(snapshot, settings, now))
            {
                var withEvidence = result with { Evidence = new EvidenceWithSource(result.Evidence, source, time) };
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
}
