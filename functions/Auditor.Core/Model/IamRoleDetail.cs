namespace Auditor.Core.Model;

/// <summary>
/// One IAM role of <c>GetAccountAuthorizationDetails</c>: its trust policy (decoded JSON text), inline policies and
/// attached managed policies.
/// </summary>
public sealed record IamRoleDetail(
    string RoleName,
    string Arn,
    string Path,
    string AssumeRolePolicyDocument,
    IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<AttachedPolicy> AttachedPolicies)
{
    /// <summary>The path AWS gives service-linked roles, which their service alone manages.</summary>
    public const string ServiceLinkedPath = "/aws-service-role/";

    public bool IsServiceLinked => Path.StartsWith(ServiceLinkedPath, StringComparison.Ordinal);
}
