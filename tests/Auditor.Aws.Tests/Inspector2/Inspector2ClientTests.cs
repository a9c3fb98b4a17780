using Auditor.Aws.Tests.Support;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Inspector2;

/// <summary>
/// BatchGetAccountStatus against moto as shipped (enabled with some resource types, and never enabled); the reply
/// real Inspector gives for a disabled account and a failed account against a loopback fake shaped like the
/// documented response, because moto answers neither.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class Inspector2ClientTests(MotoServer moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Moto_reports_the_enabled_resource_types_and_a_region_never_enabled_as_not_enabled()
    {
        await moto.SeedAsync("""{"inspector":{"us-east-1":["EC2","ECR"]}}""");
        var clients = TestClients.ForMoto(moto);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1", "eu-west-1"], [EvidenceKinds.InspectorStatus]);

        var read = snapshot.Get(EvidenceKinds.InspectorStatus);
        var enabled = read.Single(r => r.Region == "us-east-1").Value.Value!;
        Assert.True(enabled.IsEnabled);
        Assert.Equal(["EC2=ENABLED", "ECR=ENABLED", "LAMBDA=DISABLED", "LAMBDA_CODE=DISABLED"], enabled.Scans.Select(s => $"{s.ResourceType}={s.Status}"));
        var none = read.Single(r => r.Region == "eu-west-1").Value.Value!;
        Assert.False(none.IsEnabled);
        Assert.Equal(2, clients.CallsOf("inspector2:BatchGetAccountStatus"));
    }

    [Fact]
    public async Task A_disabled_account_as_Inspector_reports_it_is_not_enabled_and_the_request_names_the_account()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json("""
            {"accounts":[{"accountId":"123456789012","state":{"status":"DISABLED"},
              "resourceState":{"ec2":{"status":"DISABLED"},"ecr":{"status":"DISABLED"},"lambda":{"status":"DISABLED"},"lambdaCode":{"status":"DISABLED"}}}],
             "failedAccounts":[]}
            """));

        var status = await TestClients.ForFake(fake).Inspector2("eu-west-1").BatchGetAccountStatusAsync("123456789012", CancellationToken.None);

        Assert.False(status.IsEnabled);
        Assert.Equal("DISABLED", status.State);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/status/batch/get", request.Path);
        Assert.Equal("""{"accountIds":["123456789012"]}""", request.Body);
        Assert.Equal("eu-west-1/inspector2", request.SigningScope);
    }

    [Fact]
    public async Task A_failed_account_is_an_error_with_its_code_never_not_enabled()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json("""
            {"accounts":[],"failedAccounts":[{"accountId":"123456789012","status":"DISABLED","errorCode":"ACCESS_DENIED","errorMessage":"You do not have access to this account"}]}
            """));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ForFake(fake).Inspector2("us-east-1").BatchGetAccountStatusAsync("123456789012", CancellationToken.None));

        Assert.Equal("ACCESS_DENIED", error.ErrorCode);
        Assert.Contains("You do not have access", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDeniedException_makes_the_region_a_failure_with_the_reason()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.RestJsonError(403, "AccessDeniedException", "not authorized to perform: inspector2:BatchGetAccountStatus"));

        var snapshot = await TestEvidence.CollectAsync(TestClients.ForFake(fake), MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.InspectorStatus]);

        var read = Assert.Single(snapshot.Get(EvidenceKinds.InspectorStatus)).Value;
        Assert.False(read.Succeeded);
        Assert.Equal("AccessDeniedException", read.FailureCode);
        Assert.Contains("inspector2 BatchGetAccountStatus answered AccessDeniedException", read.FailureReason, StringComparison.Ordinal);
    }
}
