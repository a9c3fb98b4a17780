using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>Every IAM user with a console password has MFA (CIS 1.10, Security Hub IAM.5).</summary>
internal sealed class UserMfaCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.user-mfa",
        Title = "IAM user with a console password has MFA enabled",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.IamUsers],
        CisRequirement = "1.10",
        SecurityHubControlId = "IAM.5",
        Remediation = "Assign an MFA device to the user (IAM console, Users, Security credentials, Assign MFA device), or remove the console password if the user does not sign in to the console. Prefer IAM Identity Center users, whose MFA is enforced centrally.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html"),
        Types = [FindingTypes.Cis],
        ObservedEvidence = ["auditor/PasswordLastUsed"],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var report = ReportOrNotAvailable(Metadata, snapshot, EvidenceKinds.IamUsers, out var notAvailable);
        if (report is null)
        {
            yield return notAvailable!;
            yield break;
        }

        // A user without a console password cannot sign in to the console: the check does not apply.
        foreach (var user in report.Users.Where(u => u.PasswordEnabled))
        {
            var passwordLastUsed = Date(user.PasswordLastUsed);
            yield return Result(
                Metadata,
                user.MfaActive ? ComplianceStatus.Passed : ComplianceStatus.Failed,
                IamUser(snapshot, user),
                user.MfaActive
                    ? $"IAM user {user.User} has a console password and an MFA device."
                    : $"IAM user {user.User} has a console password and no MFA device.",
                evidence: new EvidenceMap(capacity: 3)
                {
                    ["auditor/PasswordEnabled"] = "true",
                    ["auditor/MfaActive"] = user.MfaActive ? "true" : "false",
                    ["auditor/PasswordLastUsed"] = passwordLastUsed,
                },
                origin: EvidenceOrigin.OfRow(report, user));
        }
    }
}
