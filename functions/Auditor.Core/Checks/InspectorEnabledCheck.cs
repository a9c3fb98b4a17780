using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// Amazon Inspector scans EC2, ECR and Lambda in every audited region (Security Hub Inspector.1–4): FAILED when it is
/// not enabled, WARNING when it is enabled with some of those scan types off.
/// </summary>
internal sealed class InspectorEnabledCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "inspector.enabled",
        Title = "Amazon Inspector scans EC2, ECR and Lambda in the region",
        Severity = Severity.High,
        Scope = CheckScope.Regional,
        Reads = [EvidenceKinds.InspectorStatus],
        CisRequirement = null,
        SecurityHubControlId = "Inspector.1",
        Remediation = "Activate Amazon Inspector in this region (Inspector console, Get started, Activate Inspector) with Amazon EC2, Amazon ECR and AWS Lambda standard scanning on; in an organization, let the delegated administrator activate it for every member account.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now) =>
        PerRegion.Evaluate(Metadata, snapshot, EvidenceKinds.InspectorStatus, "the Amazon Inspector status", (region, status) => [Evaluate(snapshot, region, status)]);

    private CheckResult Evaluate(AccountSnapshot snapshot, string region, InspectorStatus status)
    {
        var evidence = new EvidenceMap
        {
            ["auditor/InspectorStatus"] = status.State,
            ["auditor/ScanTypes"] = status.Scans.Count == 0 ? "none reported" : string.Join(", ", status.Scans.Select(s => $"{s.ResourceType}={s.Status}")),
        };
        var off = InspectorStatus.RequiredScans
            .Where(type => !status.Scans.Any(s => s.ResourceType == type && s.IsEnabled))
            .ToList();
        var (compliance, description) = (status.IsEnabled, off.Count) switch
        {
            (false, _) => (ComplianceStatus.Failed, $"Amazon Inspector is {status.State} in {region}: EC2 instances, ECR images and Lambda functions there are not scanned for vulnerabilities."),
            (true, 0) => (ComplianceStatus.Passed, $"Amazon Inspector is ENABLED in {region} and scans EC2, ECR and Lambda."),
            _ => (ComplianceStatus.Warning, $"Amazon Inspector is ENABLED in {region} but does not scan {string.Join(", ", off)}."),
        };
        if (off.Count > 0 && status.IsEnabled)
        {
            evidence["auditor/ScanTypesOff"] = string.Join(", ", off);
        }

        return Result(Metadata, compliance, Account(snapshot, region), description, region, evidence);
    }
}
