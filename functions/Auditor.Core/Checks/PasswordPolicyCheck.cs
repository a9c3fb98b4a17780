using System.Globalization;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// The account's password policy requires long, varied passwords that are not reused (CIS 1.8 and 1.9, Security Hub
/// IAM.7, IAM.15, IAM.16): one finding for the account, every unmet requirement listed.
/// </summary>
internal sealed class PasswordPolicyCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.password-policy",
        Title = "The IAM password policy requires long, varied passwords that are not reused",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.PasswordPolicy],
        CisRequirement = "1.8",
        SecurityHubControlId = "IAM.7",
        Remediation = "Set the account password policy (IAM console, Account settings, or aws iam update-account-password-policy): a minimum length of at least 14, upper and lower case letters, numbers and symbols required, and reuse of the last 24 passwords prevented.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"),
        Types = [FindingTypes.Cis, FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var read = snapshot.Get(EvidenceKinds.PasswordPolicy);
        if (!read.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, read.FailureCode!, $"the password policy could not be read: {read.FailureReason}");
            yield break;
        }

        if (read.Value!.Policy is not { } policy)
        {
            var missing = new EvidenceMap(1) { ["auditor/PasswordPolicy"] = "none" };
            yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), "The account has no IAM password policy: IAM users may set passwords of any length and reuse them.", evidence: missing);
            yield break;
        }

        var unmet = new List<string>();
        if ((policy.MinimumPasswordLength ?? 0) < settings.PasswordMinLength)
        {
            unmet.Add($"minimum length {Number(policy.MinimumPasswordLength)}, below {Number(settings.PasswordMinLength)}");
        }

        if ((policy.PasswordReusePrevention ?? 0) < settings.PasswordReusePrevention)
        {
            unmet.Add($"reuse prevented for the last {Number(policy.PasswordReusePrevention)} passwords, fewer than {Number(settings.PasswordReusePrevention)}");
        }

        foreach (var (required, what) in new[]
        {
            (policy.RequireUppercaseCharacters, "upper case letters"),
            (policy.RequireLowercaseCharacters, "lower case letters"),
            (policy.RequireNumbers, "numbers"),
            (policy.RequireSymbols, "symbols"),
        })
        {
            if (!required)
            {
                unmet.Add($"{what} not required");
            }
        }

        var evidence = new EvidenceMap(8)
        {
            ["auditor/MinimumPasswordLength"] = Number(policy.MinimumPasswordLength),
            ["auditor/PasswordReusePrevention"] = Number(policy.PasswordReusePrevention),
            ["auditor/RequireUppercaseCharacters"] = Flag(policy.RequireUppercaseCharacters),
            ["auditor/RequireLowercaseCharacters"] = Flag(policy.RequireLowercaseCharacters),
            ["auditor/RequireNumbers"] = Flag(policy.RequireNumbers),
            ["auditor/RequireSymbols"] = Flag(policy.RequireSymbols),
        };
        if (unmet.Count == 0)
        {
            yield return Result(Metadata, ComplianceStatus.Passed, Account(snapshot), $"The password policy requires at least {Number(policy.MinimumPasswordLength)} characters of every kind and prevents reuse of the last {Number(policy.PasswordReusePrevention)} passwords.", evidence: evidence);
            yield break;
        }

        evidence["auditor/UnmetRequirements"] = string.Join("; ", unmet);
        yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), $"The password policy falls short: {string.Join("; ", unmet)}.", evidence: evidence);
    }

    private static string Number(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "0";

    private static string Flag(bool value) => value ? "true" : "false";
}
