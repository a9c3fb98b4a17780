using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Core.Policies;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// No policy grants full administrative access (CIS 1.16, Security Hub IAM.1): one finding per customer managed
/// policy attached to a user, group or role, and one per inline policy of a user, group or role.
/// </summary>
internal sealed class AdminPoliciesCheck : ICheck
{
    public const string UnreadableDocument = "UnreadablePolicyDocument";

    private const string AwsManagedPolicyMarker = ":iam::aws:policy/";

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "iam.admin-policies",
        Title = "No IAM policy grants full administrative access",
        Severity = Severity.High,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.AuthorizationDetails],
        CisRequirement = "1.16",
        SecurityHubControlId = "IAM.1",
        Remediation = "Replace the statement that allows every action on every resource with the actions and resources the principals need (IAM Access Analyzer can generate a policy from their activity). Keep full administrative access for a few break-glass roles, guarded by MFA and monitored.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege"),
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

        var details = read.Value!;
        var principals = IamPrincipal.All(details).ToList();
        var attachedTo = principals
            .SelectMany(p => p.AttachedPolicies.Select(a => (a.PolicyArn, p.Label)))
            .GroupBy(a => a.PolicyArn, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Label).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        // GetAccountAuthorizationDetails' LocalManagedPolicy filter gives customer managed policies only; moto adds the
        // AWS managed ones it has loaded, which are AWS's to write and out of this check's scope.
        foreach (var policy in details.Policies.Where(p => !p.Arn.Contains(AwsManagedPolicyMarker, StringComparison.Ordinal)))
        {
            var attachments = attachedTo.GetValueOrDefault(policy.Arn) ?? [];
            if (attachments.Count == 0 && policy.AttachmentCount == 0)
            {
                continue;
            }

            var resource = IamResources.ManagedPolicy(snapshot, policy);
            var who = attachments.Count == 0 ? $"{policy.AttachmentCount} principal(s)" : string.Join(", ", attachments);
            yield return Evaluate(resource, policy.DefaultDocument, $"customer managed policy {policy.PolicyName} (version {policy.DefaultVersionId})", who);
        }

        foreach (var principal in principals)
        {
            foreach (var inline in principal.InlinePolicies)
            {
                var resource = IamResources.InlinePolicy(snapshot, principal, inline.PolicyName);
                yield return Evaluate(resource, inline.Document, $"inline policy {inline.PolicyName} of {principal.Kind} {principal.Name}", principal.Label);
            }
        }
    }

    private CheckResult Evaluate(Findings.AsffResource resource, string? document, string what, string attachedTo)
    {
        if (!PolicyDocument.TryParse(document, out var parsed, out var problem))
        {
            return NotAvailable(Metadata, resource, UnreadableDocument, $"the document of {what} could not be read: {problem}");
        }

        var evidence = new EvidenceMap(4)
        {
            ["auditor/AttachedTo"] = attachedTo,
        };
        var statement = FullAdminAccess.FirstGrantingStatement(parsed);
        if (statement is null)
        {
            return Result(Metadata, ComplianceStatus.Passed, resource, $"The {what} does not allow every action on every resource.", evidence: evidence);
        }

        evidence["auditor/Statement"] = statement.Name;
        evidence["auditor/StatementActions"] = statement.Action is { } actions ? string.Join(", ", actions) : $"every action but {string.Join(", ", statement.NotAction!)} (NotAction)";
        evidence["auditor/StatementConditions"] = statement.Conditions.Count == 0 ? "none" : string.Join("; ", statement.Conditions);
        return Result(Metadata, ComplianceStatus.Failed, resource, $"The {what} allows every action on every resource ({statement.Name}) and applies to {attachedTo}.", evidence: evidence);
    }
}
