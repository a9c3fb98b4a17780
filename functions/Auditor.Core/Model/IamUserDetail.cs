namespace Auditor.Core.Model;

/// <summary>One IAM user of <c>GetAccountAuthorizationDetails</c>: its groups, inline policies and attached managed policies.</summary>
public sealed record IamUserDetail(
    string UserName,
    string Arn,
    string Path,
    DateTimeOffset? CreateDate,
    IReadOnlyList<string> Groups,
    IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<AttachedPolicy> AttachedPolicies);
