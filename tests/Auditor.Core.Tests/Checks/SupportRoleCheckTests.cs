using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.IamAccount;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class SupportRoleCheckTests
{
    private readonly SupportRoleCheck _check = new();

    [Fact]
    public void A_role_with_AWSSupportAccess_passes_and_is_named()
    {
        var account = new IamAccount().Role("support", attached: [AwsManaged("AWSSupportAccess")]).Role("app");

        var result = Assert.Single(Run(_check, account.Snapshot()));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal(RoleArn("support"), result.Evidence["auditor/SupportRoles"]);
    }

    [Fact]
    public void No_such_role_fails_low()
    {
        var result = Assert.Single(Run(_check, new IamAccount().Role("app", attached: [AwsManaged("ReadOnlyAccess")]).Snapshot()));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
    }

    [Fact]
    public void The_policy_on_a_user_or_group_or_a_customer_policy_of_the_same_name_does_not_count()
    {
        var account = new IamAccount()
            .User("helpdesk", attached: [AwsManaged("AWSSupportAccess")])
            .Group("support", attached: [AwsManaged("AWSSupportAccess")])
            .Role("lookalike", attached: [Attached("AWSSupportAccess")]);

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, account.Snapshot())).Status);
    }

    [Fact]
    public void The_policy_in_another_partition_counts()
    {
        var details = new AuthorizationDetails([], [], [new IamRoleDetail("support", "arn:aws-us-gov:iam::123456789012:role/support", "/", AssumedByLambda, [], [new AttachedPolicy("AWSSupportAccess", "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess")])], []);

        var result = Assert.Single(Run(_check, Empty().WithAuthorizationDetails(Gathered<AuthorizationDetails>.Ok(details))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
    }

    [Fact]
    public void Unread_authorization_details_are_not_available()
    {
        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(Run(_check, Empty().WithAuthorizationDetails(AccessDenied<AuthorizationDetails>("iam:GetAccountAuthorizationDetails")))).Status);
    }
}
