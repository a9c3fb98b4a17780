using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// A role exists to manage incidents with AWS Support (CIS 1.17, Security Hub IAM.18): PASSED when some role has the
/// AWS managed policy <c>AWSSupportAccess</c> attached, FAILED otherwise. Read from the roles' attachments in the
/// authorization details, so it costs no call of its own.
/// </summary>
internal sealed class SupportRoleCheck : ICheck
{
    /// <summary>The policy's ARN after the partition: <c>arn:aws:iam::aws:policy/AWSSupportAccess</c> in the commercial partition.</summary>
    public const string SupportPolicySuffix = ":iam::aws:policy/AWSSupportAccess";

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.support-role",
        Title = "A support role has been created to manage incidents with AWS Support",
        Severity = Severity.Low,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.AuthorizationDetails],
        CisRequirement = "1.17",
        SecurityHubControlId = "IAM.18",
        Remediation = "Create a role that the people who open AWS Support cases can assume (trusting your account or your identity provider) and attach the AWS managed policy AWSSupportAccess to it.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html"),
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

        var roles = read.Value!.Roles
            .Where(r => r.AttachedPolicies.Any(p => p.PolicyArn.StartsWith("arn:", StringComparison.Ordinal) && p.PolicyArn.EndsWith(SupportPolicySuffix, StringComparison.Ordinal)))
            .Select(r => r.Arn)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (roles.Count == 0)
        {
            yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), "No IAM role has the AWS managed policy AWSSupportAccess attached: nobody is set up to work with AWS Support during an incident.");
            yield break;
        }

        var evidence = new EvidenceMap(1) { ["auditor/SupportRoles"] = string.Join(", ", roles) };
        yield return Result(Metadata, ComplianceStatus.Passed, Account(snapshot), $"AWSSupportAccess is attached to {string.Join(", ", roles)}.", evidence: evidence);
    }
}
