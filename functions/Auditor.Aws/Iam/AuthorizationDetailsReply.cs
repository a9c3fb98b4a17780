using System.Xml.Linq;
using Auditor.Aws.Http;
using Auditor.Core.Model;
using Auditor.Core.Policies;

namespace Auditor.Aws.Iam;

/// <summary>
/// Reads one page of IAM <c>GetAccountAuthorizationDetails</c>: <c>UserDetailList</c>, <c>GroupDetailList</c>,
/// <c>RoleDetailList</c> and <c>Policies</c>. A page without one of the four lists, or an entry without its name or
/// ARN, is malformed: a list that could not be read must not read as "no such principals".
/// </summary>
internal static class AuthorizationDetailsReply
{
    private const string Operation = "GetAccountAuthorizationDetails";

    public static AuthorizationDetails Read(XElement result) => new(
        List(result, "UserDetailList").Select(ReadUser).ToList(),
        List(result, "GroupDetailList").Select(ReadGroup).ToList(),
        List(result, "RoleDetailList").Select(ReadRole).ToList(),
        List(result, "Policies").Select(ReadPolicy).ToList());

    private static IamUserDetail ReadUser(XElement member) => new(
        Required(member, "UserName", "a user"),
        Required(member, "Arn", "a user"),
        member.Text("Path") ?? "/",
        member.Date("CreateDate"),
        member.Child("GroupList")?.Children("member").Select(g => g.Value).ToList() ?? [],
        Inline(member, "UserPolicyList"),
        Attached(member));

    private static IamGroupDetail ReadGroup(XElement member) => new(
        Required(member, "GroupName", "a group"),
        Required(member, "Arn", "a group"),
        member.Text("Path") ?? "/",
        Inline(member, "GroupPolicyList"),
        Attached(member));

    private static IamRoleDetail ReadRole(XElement member)
    {
        var name = Required(member, "RoleName", "a role");
        return new IamRoleDetail(
            name,
            Required(member, "Arn", "a role"),
            member.Text("Path") ?? "/",
            PolicyDocumentText.Decode(Required(member, "AssumeRolePolicyDocument", $"role {name}")),
            Inline(member, "RolePolicyList"),
            Attached(member));
    }

    private static ManagedPolicyDetail ReadPolicy(XElement member)
    {
        var arn = Required(member, "Arn", "a policy");
        var defaultVersion = member.Text("DefaultVersionId") ?? string.Empty;
        var document = member.Child("PolicyVersionList")?.Children("member")
            .FirstOrDefault(v => string.Equals(v.Text("IsDefaultVersion"), "true", StringComparison.OrdinalIgnoreCase)
                || (defaultVersion.Length > 0 && v.Text("VersionId") == defaultVersion))
            ?.Text("Document");
        return new ManagedPolicyDetail(
            member.Text("PolicyName") ?? arn[(arn.LastIndexOf('/') + 1)..],
            arn,
            member.Text("Path") ?? "/",
            defaultVersion,
            int.TryParse(member.Text("AttachmentCount"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0,
            document is null ? null : PolicyDocumentText.Decode(document));
    }

    private static List<InlinePolicy> Inline(XElement member, string listName) =>
        member.Child(listName)?.Children("member")
            .Select(p => new InlinePolicy(
                Required(p, "PolicyName", $"an inline policy in {listName}"),
                PolicyDocumentText.Decode(Required(p, "PolicyDocument", $"inline policy {p.Text("PolicyName")}"))))
            .ToList() ?? [];

    private static List<AttachedPolicy> Attached(XElement member) =>
        member.Child("AttachedManagedPolicies")?.Children("member")
            .Select(p => new AttachedPolicy(
                p.Text("PolicyName") ?? string.Empty,
                Required(p, "PolicyArn", "an attached policy")))
            .ToList() ?? [];

    private static IEnumerable<XElement> List(XElement result, string name) =>
        (result.Child(name) ?? throw XmlReply.Malformed("iam", Operation, $"no {name} list")).Children("member");

    private static string Required(XElement member, string name, string what) =>
        member.Text(name) is { Length: > 0 } value ? value : throw XmlReply.Malformed("iam", Operation, $"{what} without {name}");
}
