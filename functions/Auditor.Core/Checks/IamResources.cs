using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>The IAM principals and policies of <see cref="AuthorizationDetails"/> as finding resources, alike in every check.</summary>
internal static class IamResources
{
    /// <summary>Marks the resource id of an inline policy: the principal's ARN, then the policy's name.</summary>
    public const string InlinePolicySeparator = "#inline-policy/";

    public static AsffResource User(AccountSnapshot snapshot, IamUserDetail user) => new()
    {
        Type = "AwsIamUser",
        Id = user.Arn,
        Partition = snapshot.Partition,
        Details = new AsffResourceDetails
        {
            AwsIamUser = new AwsIamUserDetails
            {
                UserName = user.UserName,
                Path = user.Path,
                CreateDate = user.CreateDate is { } created ? AsffTimestampConverter.ToAsff(created) : null,
            },
        },
    };

    public static AsffResource Role(AccountSnapshot snapshot, IamRoleDetail role) => new()
    {
        Type = "AwsIamRole",
        Id = role.Arn,
        Partition = snapshot.Partition,
        Details = new AsffResourceDetails { Other = new Dictionary<string, string>(StringComparer.Ordinal) { ["RoleName"] = role.RoleName, ["Path"] = role.Path } },
    };

    public static AsffResource ManagedPolicy(AccountSnapshot snapshot, ManagedPolicyDetail policy) => new()
    {
        Type = "AwsIamPolicy",
        Id = policy.Arn,
        Partition = snapshot.Partition,
        Details = new AsffResourceDetails { Other = new Dictionary<string, string>(StringComparer.Ordinal) { ["PolicyName"] = policy.PolicyName, ["DefaultVersionId"] = policy.DefaultVersionId } },
    };

    /// <summary>
    /// An inline policy: the principal (its type, its ARN) with the policy's name. A principal may hold several inline
    /// policies, each its own finding, so the id is the principal's ARN followed by <see cref="InlinePolicySeparator"/>
    /// and the policy's name.
    /// </summary>
    public static AsffResource InlinePolicy(AccountSnapshot snapshot, IamPrincipal principal, string policyName) => new()
    {
        Type = principal.ResourceType,
        Id = principal.Arn + InlinePolicySeparator + policyName,
        Partition = snapshot.Partition,
        Details = new AsffResourceDetails
        {
            Other = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PrincipalArn"] = principal.Arn,
                ["PrincipalName"] = principal.Name,
                ["PolicyName"] = policyName,
            },
        },
    };
}
