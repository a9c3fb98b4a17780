namespace Auditor.Core.Model;

/// <summary>
/// Whether the account belongs to an AWS Organization, as <c>DescribeOrganization</c> answers: the organization's id,
/// management account and feature set, or not a member (<c>AWSOrganizationsNotInUseException</c>).
/// </summary>
public sealed record OrganizationMembership(string? OrganizationId, string? ManagementAccountId, string? FeatureSet)
{
    public static OrganizationMembership NotAMember { get; } = new(null, null, null);

    public bool IsMember => OrganizationId is not null;
}
