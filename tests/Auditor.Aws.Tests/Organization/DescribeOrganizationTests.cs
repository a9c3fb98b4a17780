using System.Text.Json.Nodes;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Organization;

/// <summary>DescribeOrganization against moto as shipped; AccessDenied against a loopback fake (moto enforces no IAM).</summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class DescribeOrganizationTests(MotoServer moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_account_outside_any_organization_is_not_a_member_not_an_error()
    {
        var clients = TestClients.ForMoto(moto);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.OrganizationMembership]);

        var membership = snapshot.Get(EvidenceKinds.OrganizationMembership);
        Assert.True(membership.Succeeded);
        Assert.False(membership.Value!.IsMember);
        Assert.Equal(1, clients.CallsOf("organizations:DescribeOrganization"));
    }

    [Fact]
    public async Task A_member_reads_its_organization_and_management_account()
    {
        var created = await moto.CallAsync("organizations", "create_organization", new JsonObject { ["FeatureSet"] = "ALL" });

        var membership = await TestClients.ForMoto(moto).Organizations().DescribeOrganizationAsync(CancellationToken.None);

        Assert.True(membership.IsMember);
        Assert.Equal(created!["Organization"]!["Id"]!.GetValue<string>(), membership.OrganizationId);
        Assert.Equal(MotoServer.AccountId, membership.ManagementAccountId);
        Assert.Equal("ALL", membership.FeatureSet);
    }

    [Fact]
    public async Task AccessDenied_is_a_failure_with_the_reason_never_not_a_member()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json11Error(400, "AccessDeniedException", "not authorized to perform: organizations:DescribeOrganization"));

        var snapshot = await TestEvidence.CollectAsync(TestClients.ForFake(fake), MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.OrganizationMembership]);

        var membership = snapshot.Get(EvidenceKinds.OrganizationMembership);
        Assert.False(membership.Succeeded);
        Assert.Equal("AccessDeniedException", membership.FailureCode);
        Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", Assert.Single(fake.Requests).Target);
    }
}
