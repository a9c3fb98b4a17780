using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The root user's password or access keys used within the look-back (CIS 1.7).</summary>
internal sealed class RootActivityCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.activity",
        Title = "Root user has not been used recently",
        Severity = Severity.High,
        Scope = CheckScope.Global,
        Needs = SnapshotData.CredentialReport,
        CisRequirement = "1.7",
        SecurityHubControlId = null,
        Remediation = "Stop using the root user for everyday tasks: use IAM Identity Center or IAM roles with least privilege, keep root credentials locked away with MFA, and investigate every root sign-in or root API call you did not plan (CloudTrail shows what was done).",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html"),
        Types = [FindingTypes.Cis, FindingTypes.UnusualUserBehavior],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var report = ReportOrNotAvailable(Metadata, snapshot, out var notAvailable);
        if (report is null)
        {
            yield return notAvailable!;
            yield break;
        }

        var root = report.Root;
        if (root is null)
        {
            yield return NotAvailable(Metadata, snapshot, "NoRootRow", "the credential report has no <root_account> row");
            yield break;
        }

        var since = now.AddDays(-settings.RootActivityLookbackDays);
        var uses = new (string Credential, DateTimeOffset? LastUsed)[]
        {
            ("password", root.PasswordLastUsed),
            ("access key 1", root.AccessKey1.LastUsedDate),
            ("access key 2", root.AccessKey2.LastUsedDate),
        };
        var recent = uses.Where(u => u.LastUsed >= since).OrderByDescending(u => u.LastUsed).ToList();
        var evidence = new Dictionary<string, string>
        {
            ["auditor/RootPasswordLastUsed"] = Date(root.PasswordLastUsed),
            ["auditor/RootAccessKey1LastUsed"] = Date(root.AccessKey1.LastUsedDate),
            ["auditor/RootAccessKey2LastUsed"] = Date(root.AccessKey2.LastUsedDate),
            ["auditor/LookbackDays"] = Days(settings.RootActivityLookbackDays),
        };

        var description = recent.Count == 0
            ? $"The root user has not been used in the last {settings.RootActivityLookbackDays} days (password last used {Date(root.PasswordLastUsed)})."
            : $"The root user was used in the last {settings.RootActivityLookbackDays} days: " +
              string.Join("; ", recent.Select(u => $"{u.Credential} last used {Date(u.LastUsed)}")) + ".";
        yield return Result(Metadata, recent.Count == 0 ? ComplianceStatus.Passed : ComplianceStatus.Failed, Account(snapshot), description, evidence: evidence);
    }
}
