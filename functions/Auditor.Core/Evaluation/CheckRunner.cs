using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
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
                results.Add(WithEvidenceSource(result, metadata, snapshot));
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

    /// <summary>
    /// The result with its origin set and the evidence source and time in its evidence. A result built with a named
    /// origin already has them (<see cref="CheckResults.Result"/>): it is kept as it is, not copied.
    /// </summary>
    private static CheckResult WithEvidenceSource(CheckResult result, CheckMetadata metadata, AccountSnapshot snapshot)
    {
        if (result.Origin is { } named && result.Evidence is EvidenceWithSource sourced && sourced.Origin == named)
        {
            return result;
        }

        // A result given another origin after it was built is stamped with that one instead.
        var origin = result.Origin ?? DefaultOrigin(metadata, snapshot);
        var evidence = result.Evidence is EvidenceWithSource stamped ? stamped.CheckEvidence : result.Evidence;
        return result with { Origin = origin, Evidence = new EvidenceWithSource(evidence, origin) };
    }

    /// <summary>The origin of a result whose check did not name one: the report for checks that read it, else live.</summary>
    public static EvidenceOrigin DefaultOrigin(CheckMetadata metadata, AccountSnapshot snapshot) =>
        ReportRead(metadata, snapshot) is { } report
            ? EvidenceOrigin.FromReport(report)
            : EvidenceOrigin.Live(snapshot.CollectedAt);

    /// <summary>Whether the check reads the credential report (its root row or its users' rows).</summary>
    public static bool ReadsCredentialReport(CheckMetadata metadata) =>
        metadata.Reads.Contains(EvidenceKinds.IamUsers) || metadata.Reads.Contains(EvidenceKinds.CredentialReport);

    private static CredentialReport? ReportRead(CheckMetadata metadata, AccountSnapshot snapshot) =>
        metadata.Reads.Contains(EvidenceKinds.IamUsers) ? snapshot.Get(EvidenceKinds.IamUsers).Value
        : metadata.Reads.Contains(EvidenceKinds.CredentialReport) ? snapshot.Get(EvidenceKinds.CredentialReport).Value
        : null;
}
