using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>Every active access key was created or rotated within the threshold (CIS 1.14, Security Hub IAM.3).</summary>
internal sealed class AccessKeyRotationCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.access-key-rotation",
        Title = "IAM user access keys are rotated every 90 days or less",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.IamUsers],
        CisRequirement = "1.14",
        SecurityHubControlId = "IAM.3",
        Remediation = "Create a second access key, move every program that uses the old key to the new one, deactivate the old key, confirm nothing breaks, then delete it. Better still, replace long-lived keys with IAM roles or IAM Identity Center.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html"),
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
            var evidence = new EvidenceMap(capacity: 3) { ["auditor/MaxAgeDays"] = Days(settings.AccessKeyMaxAgeDays) };
            List<string>? old = null;
            var active = 0;
            ReadOnlySpan<(int Number, AccessKeyColumns Key)> keys = [(1, user.AccessKey1), (2, user.AccessKey2)];
            foreach (var (number, key) in keys)
            {
                if (!key.Active)
                {
                    continue;
                }

                active++;
                evidence[number == 1 ? "auditor/AccessKey1LastRotated" : "auditor/AccessKey2LastRotated"] = Date(key.LastRotated);
                var created = key.LastRotated ?? user.UserCreationTime;
                if (created is { } c && DaysBetween(c, now) >= settings.AccessKeyMaxAgeDays)
                {
                    (old ??= new(2)).Add($"access key {number} created {Date(c)}");
                }
            }

            yield return old is not null
                ? Result(Metadata, ComplianceStatus.Failed, IamUser(snapshot, user), $"IAM user {user.User}: {string.Join("; ", old)}, {settings.AccessKeyMaxAgeDays} days or more ago.", evidence: evidence, origin: EvidenceOrigin.OfRow(report, user))
                : Result(
                    Metadata,
                    ComplianceStatus.Passed,
                    IamUser(snapshot, user),
                    active == 0 ? $"IAM user {user.User} has no active access keys." : $"Every active access key of IAM user {user.User} is younger than {settings.AccessKeyMaxAgeDays} days.",
                    evidence: evidence, origin: EvidenceOrigin.OfRow(report, user));
        }
    }
}
