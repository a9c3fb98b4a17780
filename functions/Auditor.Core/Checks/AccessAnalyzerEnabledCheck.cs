using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>An IAM Access Analyzer of type ACCOUNT or ORGANIZATION is ACTIVE in every audited region (CIS 1.20, IAM.28).</summary>
internal sealed class AccessAnalyzerEnabledCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "accessanalyzer.enabled",
        Title = "IAM Access Analyzer for external access is active in the region",
        Severity = Severity.Medium,
        Scope = CheckScope.Regional,
        Reads = [EvidenceKinds.AccessAnalyzers],
        CisRequirement = "1.20",
        SecurityHubControlId = "IAM.28",
        Remediation = "Create an external access analyzer in this region (IAM console, Access analyzer, Create analyzer, zone of trust the account or the organization), or call CreateAnalyzer with type ACCOUNT or ORGANIZATION.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html"),
        Types = [FindingTypes.Cis, FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now) =>
        PerRegion.Evaluate(Metadata, snapshot, EvidenceKinds.AccessAnalyzers, "IAM Access Analyzer analyzers", (region, analyzers) => [Evaluate(snapshot, region, analyzers)]);

    private CheckResult Evaluate(AccountSnapshot snapshot, string region, IReadOnlyList<AccessAnalyzer> analyzers)
    {
        var active = analyzers.Where(a => a.FindsExternalAccess && a.IsActive).OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault();
        var evidence = new EvidenceMap
        {
            ["auditor/Analyzers"] = analyzers.Count == 0
                ? "none"
                : string.Join(", ", analyzers.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name} ({a.Type}, {a.Status})")),
        };
        if (active is not null)
        {
            evidence["auditor/ActiveAnalyzerArn"] = active.Arn;
        }

        var description = active is not null
            ? $"IAM Access Analyzer {active.Name} ({active.Type}) is ACTIVE in {region}."
            : analyzers.Count == 0
                ? $"IAM Access Analyzer has no analyzer in {region}: resources shared outside the account there go unnoticed."
                : $"IAM Access Analyzer has no ACTIVE analyzer of type ACCOUNT or ORGANIZATION in {region}: resources shared outside the account there go unnoticed.";
        return Result(Metadata, active is null ? ComplianceStatus.Failed : ComplianceStatus.Passed, Account(snapshot, region), description, region, evidence);
    }
}
