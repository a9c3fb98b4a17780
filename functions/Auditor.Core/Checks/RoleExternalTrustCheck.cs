using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Core.Policies;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// No role can be assumed by an outside party without a guard: one finding per role, service-linked roles left out.
/// The severity of a FAILED finding is that of the worst way in (<see cref="TrustPolicyExposures"/>): CRITICAL for
/// anyone, HIGH for an unpinned web identity, MEDIUM for an untrusted account without an external id; the catalogue
/// shows the worst.
/// </summary>
internal sealed class RoleExternalTrustCheck : ICheck
{
    public const string UnreadableDocument = "UnreadablePolicyDocument";

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.role-external-trust",
        Title = "No IAM role can be assumed by an outside party without a guard",
        Severity = Severity.Critical,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.AuthorizationDetails],
        CisRequirement = null,
        SecurityHubControlId = null,
        Remediation = "Edit the role's trust policy: name the accounts or the organization (aws:PrincipalOrgID) instead of \"*\", require sts:ExternalId from third parties, and pin web identities (GitHub: a sub of repo:OWNER/REPO:…; Cognito: aud of your identity pool). List accounts you trust in TrustedAccounts.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var read = snapshot.Get(EvidenceKinds.AuthorizationDetails);
        if (!read.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, read.FailureCode!, $"the account's IAM authorization details could not be read: {read.FailureReason}");
            yield break;
        }

        bool IsTrusted(string account) =>
            string.Equals(account, snapshot.AccountId, StringComparison.Ordinal) || settings.TrustedAccounts.Contains(account);

        foreach (var role in read.Value!.Roles.Where(r => !r.IsServiceLinked))
        {
            var resource = IamResources.Role(snapshot, role);
            if (!PolicyDocument.TryParse(role.AssumeRolePolicyDocument, out var trust, out var problem))
            {
                yield return NotAvailable(Metadata, resource, UnreadableDocument, $"the trust policy of role {role.RoleName} could not be read: {problem}");
                continue;
            }

            var exposures = TrustPolicyExposures.Find(trust, IsTrusted);
            if (exposures.Count == 0)
            {
                yield return Result(Metadata, ComplianceStatus.Passed, resource, $"Role {role.RoleName} can be assumed only by its own account, trusted accounts, services, SAML federation or guarded outside parties.");
                continue;
            }

            var evidence = new EvidenceMap(2)
            {
                ["auditor/Exposures"] = string.Join("; ", exposures),
                ["auditor/WorstExposure"] = exposures.Max(e => e.Severity).ToString().ToUpperInvariant(),
            };
            yield return Result(Metadata, ComplianceStatus.Failed, resource, $"Role {role.RoleName} can be assumed from outside without a guard: {string.Join("; ", exposures)}.", evidence: evidence) with
            {
                Severity = exposures.Max(e => e.Severity),
            };
        }
    }
}
