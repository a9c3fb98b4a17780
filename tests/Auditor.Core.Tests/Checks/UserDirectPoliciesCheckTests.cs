using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.IamAccount;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class UserDirectPoliciesCheckTests
{
    private readonly UserDirectPoliciesCheck _check = new();

    [Fact]
    public void A_user_with_permissions_only_through_groups_passes()
    {
        var result = Assert.Single(Run(_check, new IamAccount().User("alice", groups: ["devs", "admins"]).Snapshot()));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("AwsIamUser", result.Resource.Type);
        Assert.Equal($"arn:aws:iam::{AccountId}:user/alice", result.Resource.Id);
        Assert.Equal("alice", result.Resource.Details!.AwsIamUser!.UserName);
        Assert.Equal("admins, devs", result.Evidence["auditor/Groups"]);
    }

    [Fact]
    public void Attached_and_inline_policies_of_a_user_fail_medium_and_are_listed()
    {
        var account = new IamAccount().User("bob", attached: [AwsManaged("ReadOnlyAccess"), Attached("deploy")], inline: [new InlinePolicy("s3", ReadOnlyS3)]);

        var result = Assert.Single(Run(_check, account.Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Equal($"{PolicyArn("deploy")}, arn:aws:iam::aws:policy/ReadOnlyAccess", result.Evidence["auditor/AttachedPolicies"]);
        Assert.Equal("s3", result.Evidence["auditor/InlinePolicies"]);
        Assert.Equal("none", result.Evidence["auditor/Groups"]);
        Assert.Contains("inline policies s3", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_policy_alone_fails_and_attached_reads_none()
    {
        var result = Assert.Single(Run(_check, new IamAccount().User("carol", inline: [new InlinePolicy("x", ReadOnlyS3)]).Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("none", result.Evidence["auditor/AttachedPolicies"]);
    }

    [Fact]
    public void One_finding_per_user_and_none_for_groups_or_roles()
    {
        var account = new IamAccount().User("a").User("b", attached: [Attached("p")]).Group("g", attached: [Attached("p")]).Role("r");

        var results = Run(_check, account.Snapshot());

        Assert.Equal(["a", "b"], results.Select(r => r.Resource.Details!.AwsIamUser!.UserName));
    }

    [Fact]
    public void Unread_authorization_details_are_not_available()
    {
        var result = Assert.Single(Run(_check, Empty().WithAuthorizationDetails(AccessDenied<AuthorizationDetails>("iam:GetAccountAuthorizationDetails"))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
    }
}
