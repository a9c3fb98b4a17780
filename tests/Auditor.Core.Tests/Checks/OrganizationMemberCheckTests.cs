using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class OrganizationMemberCheckTests
{
    private readonly OrganizationMemberCheck _check = new();

    [Fact]
    public void Fails_low_for_an_account_outside_any_organization()
    {
        var result = Assert.Single(Run(_check, With(Gathered<OrganizationMembership>.Ok(OrganizationMembership.NotAMember))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
        Assert.Null(result.Region);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("none", result.Evidence["auditor/OrganizationId"]);
        Assert.Contains("not part of an AWS Organization", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_for_a_member_and_names_the_organization_and_its_management_account()
    {
        var result = Assert.Single(Run(_check, With(Gathered<OrganizationMembership>.Ok(new OrganizationMembership("o-a1b2c3d4e5", "210987654321", "ALL")))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("o-a1b2c3d4e5", result.Evidence["auditor/OrganizationId"]);
        Assert.Equal("210987654321", result.Evidence["auditor/ManagementAccountId"]);
        Assert.Equal("ALL", result.Evidence["auditor/FeatureSet"]);
        Assert.Contains("o-a1b2c3d4e5", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Membership_that_could_not_be_read_is_not_available()
    {
        var result = Assert.Single(Run(_check, With(AccessDenied<OrganizationMembership>("organizations:DescribeOrganization"))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason?.ReasonCode);
    }

    [Fact]
    public void Snapshot_without_the_membership_gives_no_pass_or_fail()
    {
        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(Run(_check, Empty())).Status);
    }

    private static AccountSnapshot With(Gathered<OrganizationMembership> membership) => Empty().With(EvidenceKinds.OrganizationMembership, membership);
}
