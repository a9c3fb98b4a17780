namespace Auditor.Core.Model;

/// <summary>One IAM group of <c>GetAccountAuthorizationDetails</c>: its inline policies and attached managed policies.</summary>
public sealed record IamGroupDetail(
    string GroupName,
    string Arn,
    string Path,
    IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<AttachedPolicy> AttachedPolicies);
