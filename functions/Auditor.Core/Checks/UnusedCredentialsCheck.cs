using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// No console password or active access key has gone unused for the threshold (CIS 1.12, Security Hub IAM.22).
/// A credential never used counts from its creation, so a key created yesterday passes.
/// </summary>
internal sealed class UnusedCredentialsCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.unused-credentials",
        Title = "IAM user credentials unused for 45 days or more are disabled",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.IamUsers],
        CisRequirement = "1.12",
        SecurityHubControlId = "IAM.22",
        Remediation = "Remove the console password of a user who no longer signs in, and deactivate then delete access keys that are no longer used. Check with the owner first; CloudTrail and the key's last-used information show what used it last.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html"),
        Types = [FindingTypes.Cis],

        // When a credential was last used moves with every use; whether it is unused is the verdict, which counts.
        ObservedEvidence = ["auditor/PasswordLastUsed", "auditor/AccessKey1LastUsed", "auditor/AccessKey2LastUsed"],
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
            List<string>? unused = null;
            var evidence = new EvidenceMap(capacity: 4) { ["auditor/ThresholdDays"] = Days(settings.UnusedCredentialsDays) };
            if (user.PasswordEnabled)
            {
                var since = user.PasswordLastUsed ?? user.PasswordLastChanged ?? user.UserCreationTime;
                evidence["auditor/PasswordLastUsed"] = Date(user.PasswordLastUsed);
                if (IsUnused(since, settings, now))
                {
                    (unused ??= new(3)).Add(user.PasswordLastUsed is null ? $"console password never used, set {Date(since)}" : $"console password last used {Date(since)}");
                }
            }

            ReadOnlySpan<(int Number, AccessKeyColumns Key)> keys = [(1, user.AccessKey1), (2, user.AccessKey2)];
            foreach (var (number, key) in keys)
            {
                if (!key.Active)
                {
                    continue;
                }

                var since = key.LastUsedDate ?? key.LastRotated ?? user.UserCreationTime;
                evidence[number == 1 ? "auditor/AccessKey1LastUsed" : "auditor/AccessKey2LastUsed"] = Date(key.LastUsedDate);
                if (IsUnused(since, settings, now))
                {
                    (unused ??= new(3)).Add(key.LastUsedDate is null ? $"access key {number} never used, created {Date(since)}" : $"access key {number} last used {Date(since)}");
                }
            }

            yield return unused is null
                ? Result(Metadata, ComplianceStatus.Passed, IamUser(snapshot, user), $"IAM user {user.User} has no console password or active access key unused for {settings.UnusedCredentialsDays} days or more.", evidence: evidence, origin: EvidenceOrigin.OfRow(report, user))
                : Result(Metadata, ComplianceStatus.Failed, IamUser(snapshot, user), $"IAM user {user.User}: {string.Join("; ", unused)} (unused for {settings.UnusedCredentialsDays} days or more).", evidence: evidence, origin: EvidenceOrigin.OfRow(report, user));
        }
    }

    private static bool IsUnused(DateTimeOffset? since, AuditSettings settings, DateTimeOffset now) =>
        since is { } s && DaysBetween(s, now) >= settings.UnusedCredentialsDays;
}
