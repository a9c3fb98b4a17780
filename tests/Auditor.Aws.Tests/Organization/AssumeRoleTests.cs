using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Organization;

/// <summary>STS AssumeRole through AWSSDK.SecurityToken: moto maps the credentials it returns to the role's account.</summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class AssumeRoleTests(MotoServer moto)
{
    [Fact]
    public async Task Credentials_of_a_member_role_act_as_the_member_account()
    {
        await moto.ResetAsync();
        var clients = TestClients.ForMoto(moto);
        using var sts = clients.Sts();

        var assumed = await sts.AssumeRoleAsync("arn:aws:iam::210987654321:role/AuditorMemberRole", "auditor-run-1", "external", TimeSpan.FromMinutes(15), CancellationToken.None);

        var member = new AwsClientFactory(clients.Environment, assumed.Credentials, new AwsResilience(TestClients.Fast, new CallCounters()));
        using var memberSts = member.Sts();
        Assert.Equal("210987654321", await memberSts.GetCallerIdentityAccountAsync(CancellationToken.None));
        Assert.Equal("arn:aws:sts::210987654321:assumed-role/AuditorMemberRole/auditor-run-1", assumed.AssumedRoleArn);
        Assert.NotNull(assumed.Expiration);
    }

    [Fact]
    public async Task The_moto_worlds_account_without_an_audit_role_refuses_AssumeRole_as_AWS_does()
    {
        // scripts/moto_world.py answers AssumeRole into an account seeded with "auditRole": false (moto itself would hand
        // out any role); the demo relies on it.
        await moto.ResetAsync();
        var ids = await moto.SeedOrganizationAsync(System.Text.Json.Nodes.JsonNode.Parse("""{"accounts":[{"name":"ok"},{"name":"no-role","auditRole":false}]}""")!.AsObject());
        var clients = TestClients.ForMoto(moto);
        using var sts = clients.Sts();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sts.AssumeRoleAsync($"arn:aws:iam::{ids["no-role"]}:role/AuditorMemberRole", "auditor-run-1", "external", TimeSpan.FromMinutes(15), CancellationToken.None));
        var granted = await sts.AssumeRoleAsync($"arn:aws:iam::{ids["ok"]}:role/AuditorMemberRole", "auditor-run-1", "external", TimeSpan.FromMinutes(15), CancellationToken.None);

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains($"sts:AssumeRole on resource: arn:aws:iam::{ids["no-role"]}:role/AuditorMemberRole", error.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(granted.Credentials);
        await moto.ResetAsync();
        Assert.NotNull(await sts.AssumeRoleAsync($"arn:aws:iam::{ids["no-role"]}:role/AuditorMemberRole", "auditor-run-1", "external", TimeSpan.FromMinutes(15), CancellationToken.None));
    }

    [Fact]
    public async Task Access_denied_is_AWSs_error_code_and_is_not_retried()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.QueryError(403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/w/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role/AuditorMemberRole"));
        var clients = TestClients.ForFake(fake);
        using var sts = clients.Sts();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sts.AssumeRoleAsync("arn:aws:iam::210987654321:role/AuditorMemberRole", "auditor-run-1", "external", TimeSpan.FromMinutes(15), CancellationToken.None));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("is not authorized to perform: sts:AssumeRole", error.ErrorMessage, StringComparison.Ordinal);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("AssumeRole", request.Action);
        Assert.Equal("external", request.Form["ExternalId"]);
        Assert.Equal("auditor-run-1", request.Form["RoleSessionName"]);
        Assert.Equal("900", request.Form["DurationSeconds"]);
    }
}
