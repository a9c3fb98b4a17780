using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The account belongs to an AWS Organization (Security Hub Account.2).</summary>
internal sealed class OrganizationMemberCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "account.organization-member",
        Title = "The account is part of an AWS Organization",
        Severity = Severity.Low,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.OrganizationMembership],
        CisRequirement = null,
        SecurityHubControlId = "Account.2",
        Remediation = "Invite the account into your organization from the management account (AWS Organizations console, AWS accounts, Add an AWS account, Invite an existing AWS account) and accept the invitation in this account, so service control policies and organization-wide security services govern it.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_invites.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var read = snapshot.Get(EvidenceKinds.OrganizationMembership);
        if (!read.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, read.FailureCode!, $"the account's organization could not be read: {read.FailureReason}");
            yield break;
        }

        var membership = read.Value!;
        var evidence = new EvidenceMap { ["auditor/OrganizationId"] = membership.OrganizationId ?? "none" };
        if (membership.IsMember)
        {
            evidence["auditor/ManagementAccountId"] = membership.ManagementAccountId ?? "not reported";
            evidence["auditor/FeatureSet"] = membership.FeatureSet ?? "not reported";
        }

        var description = membership.IsMember
            ? $"Account {snapshot.AccountId} belongs to the AWS Organization {membership.OrganizationId} (management account {membership.ManagementAccountId ?? "not reported"})."
            : $"Account {snapshot.AccountId} is not part of an AWS Organization: no service control policy or organization-wide security service governs it.";
        yield return Result(Metadata, membership.IsMember ? ComplianceStatus.Passed : ComplianceStatus.Failed, Account(snapshot), description, evidence: evidence);
    }
}
