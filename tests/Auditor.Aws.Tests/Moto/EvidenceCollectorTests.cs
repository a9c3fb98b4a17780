using Auditor.Aws.Tests.Support;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>
/// The collector against moto; a service that must answer AccessDenied is pointed at a loopback fake with
/// its <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, because moto does not enforce IAM permissions.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class EvidenceCollectorTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly EvidenceKind[] Everything = [EvidenceKinds.CredentialReport, EvidenceKinds.AccountSummary, EvidenceKinds.VirtualMfaDevices, EvidenceKinds.GuardDutyDetectors, EvidenceKinds.ShieldSubscription];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "us-west-2"];

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Collects_every_piece_from_moto()
    {
        await moto.SeedAsync("""
            {"users":[{"name":"alice","mfa":true},{"name":"bob"}],
             "guardDuty":{"us-east-1":"ENABLED","eu-west-1":"DISABLED"},
             "shield":{"autoRenew":"ENABLED"},"rootMfaEnabled":true}
            """);

        var snapshot = await TestEvidence.CollectAsync(TestClients.ForMoto(moto), MotoServer.AccountId, Regions, Everything);

        Assert.Equal(MotoServer.AccountId, snapshot.AccountId);
        Assert.Equal("aws", snapshot.Partition);
        Assert.Equal(2, snapshot.CredentialReport.Value!.Users.Count);
        Assert.True(snapshot.AccountSummary.Value!.AccountMfaEnabled);
        Assert.Single(snapshot.VirtualMfaDevices.Value!);
        Assert.True(snapshot.Shield.Value!.Active);
        Assert.Equal(Regions, snapshot.GuardDuty.Select(g => g.Region));
        Assert.Equal("ENABLED", Assert.Single(snapshot.GuardDuty[0].Value.Value!).Status);
        Assert.Equal("DISABLED", Assert.Single(snapshot.GuardDuty[1].Value.Value!).Status);
        Assert.True(snapshot.GuardDuty[2].Value.Succeeded);
        Assert.Empty(snapshot.GuardDuty[2].Value.Value!);
    }

    [Fact]
    public async Task Collects_only_what_is_needed()
    {
        var clients = TestClients.ForMoto(moto);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, Regions, [EvidenceKinds.AccountSummary]);

        Assert.True(snapshot.AccountSummary.Succeeded);
        Assert.Equal("NotCollected", snapshot.CredentialReport.FailureCode);
        Assert.Equal("NotCollected", snapshot.Shield.FailureCode);
        Assert.Empty(snapshot.GuardDuty);
        Assert.Equal(["iam:GetAccountSummary"], clients.Counters().Calls.Keys);
    }

    [Fact]
    public async Task GuardDuty_answering_AccessDenied_is_a_failure_with_code_and_reason_per_region_and_the_rest_is_gathered()
    {
        await moto.SeedAsync("""{"users":[{"name":"alice"}],"shield":{"autoRenew":"ENABLED"}}""");
        using var denied = new FakeAws();
        denied.Respond(_ => FakeReply.RestJsonError(403, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/auditor/x is not authorized to perform: guardduty:ListDetectors"));
        var clients = TestClients.ForMoto(moto, new Dictionary<string, string> { ["AWS_ENDPOINT_URL_GUARDDUTY"] = denied.Url });

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, Regions, Everything);

        Assert.All(snapshot.GuardDuty, regional =>
        {
            Assert.False(regional.Value.Succeeded);
            Assert.Equal("AccessDeniedException", regional.Value.FailureCode);
            Assert.Contains("guardduty ListDetectors answered AccessDeniedException", regional.Value.FailureReason, StringComparison.Ordinal);
            Assert.Contains("not authorized to perform: guardduty:ListDetectors", regional.Value.FailureReason, StringComparison.Ordinal);
        });
        Assert.Equal(Regions.Length, denied.Requests.Count);
        Assert.Equal("alice", Assert.Single(snapshot.CredentialReport.Value!.Users).User);
        Assert.True(snapshot.AccountSummary.Succeeded);
        Assert.True(snapshot.VirtualMfaDevices.Succeeded);
        Assert.True(snapshot.Shield.Value!.Active);
    }

    [Fact]
    public async Task IAM_answering_AccessDenied_fails_each_IAM_piece_with_code_and_reason_and_the_rest_is_gathered()
    {
        await moto.SeedAsync("""{"guardDuty":{"us-east-1":"ENABLED"}}""");
        using var denied = new FakeAws();
        denied.Respond(request => FakeReply.QueryError(403, "AccessDenied", $"User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:{request.Action}"));
        var clients = TestClients.ForMoto(moto, new Dictionary<string, string> { ["AWS_ENDPOINT_URL_IAM"] = denied.Url });

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], Everything);

        Assert.Equal("AccessDenied", snapshot.CredentialReport.FailureCode);
        Assert.Contains("iam GenerateCredentialReport answered AccessDenied", snapshot.CredentialReport.FailureReason, StringComparison.Ordinal);
        Assert.Equal("AccessDenied", snapshot.AccountSummary.FailureCode);
        Assert.Contains("iam:GetAccountSummary", snapshot.AccountSummary.FailureReason, StringComparison.Ordinal);
        Assert.Equal("AccessDenied", snapshot.VirtualMfaDevices.FailureCode);
        Assert.Contains("iam ListVirtualMFADevices answered AccessDenied", snapshot.VirtualMfaDevices.FailureReason, StringComparison.Ordinal);
        Assert.Equal(3, denied.Requests.Count); // AccessDenied is never retried
        Assert.Equal("ENABLED", Assert.Single(snapshot.GuardDuty[0].Value.Value!).Status);
        Assert.False(snapshot.Shield.Value!.Active);
    }

    [Fact]
    public async Task Shield_answering_AccessDenied_to_the_probe_is_a_failure_not_an_inactive_subscription()
    {
        // An AccessDenied probe must not fall back to DescribeSubscription and read "no subscription".
        using var denied = new FakeAws();
        denied.Respond(_ => FakeReply.Json11Error(400, "AccessDeniedException", "not authorized to perform shield:GetSubscriptionState"));
        var clients = TestClients.ForMoto(moto, new Dictionary<string, string> { ["AWS_ENDPOINT_URL_SHIELD"] = denied.Url });

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.ShieldSubscription, EvidenceKinds.AccountSummary]);

        Assert.Null(snapshot.Shield.Value);
        Assert.Equal("AccessDeniedException", snapshot.Shield.FailureCode);
        Assert.Contains("shield GetSubscriptionState answered AccessDeniedException", snapshot.Shield.FailureReason, StringComparison.Ordinal);
        Assert.Equal("AWSShield_20160616.GetSubscriptionState", Assert.Single(denied.Requests).Target);
        Assert.True(snapshot.AccountSummary.Succeeded);
    }
}
