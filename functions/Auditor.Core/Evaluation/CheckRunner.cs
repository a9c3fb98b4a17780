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
        foreach (var check in checks)
        {
            var metadata = check.Metadata;
            var scopes = metadata.Scope == CheckScope.Global
                ? [new FindingScope(snapshot.AccountId, FindingScope.Global, metadata.Id)]
                : snapshot.Regions.Select(r => new FindingScope(snapshot.AccountId, r, metadata.Id)).ToList();
            evaluated.UnionWith(scopes);

            foreach (var result in check.Evaluate(snapshot, settings, now))
            {
                var withEvidence = result with { Evidence = WithEvidenceSource(result.Evidence, metadata, snapshot) };
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

    private static Dictionary<string, string> WithEvidenceSource(IReadOnlyDictionary<string, string> evidence, CheckMetadata metadata, AccountSnapshot snapshot)
    {
        var withSource = new Dictionary<string, string>(evidence);
        var report = snapshot.CredentialReport.Value;
        if (metadata.Needs.HasFlag(SnapshotData.CredentialReport) && report is not null)
        {
            withSource.TryAdd(EvidenceFields.Source, EvidenceFields.CredentialReportSource);
            withSource.TryAdd(EvidenceFields.Time, AsffTimestampConverter.ToAsff(report.GeneratedTime));
        }
        else
        {
            withSource.TryAdd(EvidenceFields.Source, EvidenceFields.LiveSource);
            withSource.TryAdd(EvidenceFields.Time, AsffTimestampConverter.ToAsff(snapshot.CollectedAt));
        }

        return withSource;
    }
}
