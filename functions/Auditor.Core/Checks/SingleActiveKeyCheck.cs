using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>No IAM user has more than one active access key (CIS 1.13; no Security Hub control).</summary>
internal sealed class SingleActiveKeyCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.single-active-key",
        Title = "IAM user has at most one active access key",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.IamUsers],
        CisRequirement = "1.13",
        SecurityHubControlId = null,
        Remediation = "Find which programs use each key (the key's last-used service and region help), move them to one key, then deactivate and delete the other. Two active keys should exist only for the short time of a rotation.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"),
        Types = [FindingTypes.Cis],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var report = ReportOrNotAvailable(Metadata, snapshot, EvidenceKinds.IamUsers, out var notAvailable);
        if (report is null)
        {
            yield return notAvailable!;
            yield break;
        }

        foreach (var user in report.Users)
        {
            var active = (user.AccessKey1.Active ? 1 : 0) + (user.AccessKey2.Active ? 1 : 0);
            yield return Result(
                Metadata,
                active > 1 ? ComplianceStatus.Failed : ComplianceStatus.Passed,
                IamUser(snapshot, user),
                active > 1 ? $"IAM user {user.User} has {active} active access keys." : $"IAM user {user.User} has {active} active access key(s).",
                evidence: new EvidenceMap(capacity: 1) { ["auditor/ActiveAccessKeys"] = Days(active) },
                origin: EvidenceOrigin.OfRow(report, user));
        }
    }
}
