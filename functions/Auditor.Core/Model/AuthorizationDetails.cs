namespace Auditor.Core.Model;

/// <summary>
/// The account's IAM users, groups, roles and customer managed policies as one walk of IAM
/// <c>GetAccountAuthorizationDetails</c> returns them, every page, with every policy document decoded to JSON text.
/// </summary>
public sealed record AuthorizationDetails(
    IReadOnlyList<IamUserDetail> Users,
    IReadOnlyList<IamGroupDetail> Groups,
    IReadOnlyList<IamRoleDetail> Roles,
    IReadOnlyList<ManagedPolicyDetail> Policies)
{
    public static AuthorizationDetails Empty { get; } = new([], [], [], []);
}
