using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>IAM users get their permissions only through groups (CIS 1.15, Security Hub IAM.2): one finding per user.</summary>
internal sealed class UserDirectPoliciesCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.user-direct-policies",
        Title = "IAM users receive permissions only through groups",
        Severity = Severity.Medium,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.AuthorizationDetails],
        CisRequirement = "1.15",
        SecurityHubControlId = "IAM.2",
        Remediation = "Create a group for the job the user does, attach the policies to the group, add the user to it, then detach the user's managed policies and delete its inline policies.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_add-remove-users.html"),
        Types = [FindingTypes.Cis, FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var read = snapshot.Get(EvidenceKinds.AuthorizationDetails);
        if (!read.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, read.FailureCode!, $"the account's IAM authorization details could not be read: {read.FailureReason}");
            yield break;
        }

        foreach (var user in read.Value!.Users)
        {
            var groups = user.Groups.Count == 0 ? "none" : string.Join(", ", user.Groups.Order(StringComparer.Ordinal));
            var evidence = new EvidenceMap(3) { ["auditor/Groups"] = groups };
            var resource = IamResources.User(snapshot, user);
            if (user.AttachedPolicies.Count == 0 && user.InlinePolicies.Count == 0)
            {
                yield return Result(Metadata, ComplianceStatus.Passed, resource, $"IAM user {user.UserName} has no policies of its own (groups: {groups}).", evidence: evidence);
                continue;
            }

            var attached = string.Join(", ", user.AttachedPolicies.Select(p => p.PolicyArn).Order(StringComparer.Ordinal));
            var inline = string.Join(", ", user.InlinePolicies.Select(p => p.PolicyName).Order(StringComparer.Ordinal));
            evidence["auditor/AttachedPolicies"] = attached.Length == 0 ? "none" : attached;
            evidence["auditor/InlinePolicies"] = inline.Length == 0 ? "none" : inline;
            var parts = new List<string>(2);
            if (attached.Length > 0)
            {
                parts.Add($"attached managed policies {attached}");
            }

            if (inline.Length > 0)
            {
                parts.Add($"inline policies {inline}");
            }

            yield return Result(Metadata, ComplianceStatus.Failed, resource, $"IAM user {user.UserName} has permissions of its own, not through a group: {string.Join("; ", parts)}.", evidence: evidence);
        }
    }
}
