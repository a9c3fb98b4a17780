using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>A user, group or role of <see cref="AuthorizationDetails"/>, as the checks that read policies see any of them.</summary>
internal sealed record IamPrincipal(string Kind, string Name, string Arn, IReadOnlyList<InlinePolicy> InlinePolicies, IReadOnlyList<AttachedPolicy> AttachedPolicies)
{
    /// <summary>The ASFF resource type of the principal.</summary>
    public string ResourceType => Kind switch
    {
        "user" => "AwsIamUser",
        "group" => "AwsIamGroup",
        _ => "AwsIamRole",
    };

    /// <summary>As evidence names it: <c>user/alice</c>, <c>group/admins</c>, <c>role/deploy</c>.</summary>
    public string Label => $"{Kind}/{Name}";

    /// <summary>Every user, then every group, then every role, in the order IAM listed them.</summary>
    public static IEnumerable<IamPrincipal> All(AuthorizationDetails details) =>
        details.Users.Select(u => new IamPrincipal("user", u.UserName, u.Arn, u.InlinePolicies, u.AttachedPolicies))
            .Concat(details.Groups.Select(g => new IamPrincipal("group", g.GroupName, g.Arn, g.InlinePolicies, g.AttachedPolicies)))
            .Concat(details.Roles.Select(r => new IamPrincipal("role", r.RoleName, r.Arn, r.InlinePolicies, r.AttachedPolicies)));
}
