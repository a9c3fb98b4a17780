using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> sends one service elsewhere while the rest follow <c>AWS_ENDPOINT_URL</c>.
/// The "elsewhere" is a loopback fake, because it must be an endpoint that is observably not moto.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class EndpointOverrideTests(MotoServer moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_service_endpoint_variable_sends_only_that_service_to_its_endpoint()
    {
        await moto.SeedAsync("""{"users":[{"name":"alice"}],"guardDuty":{"eu-west-1":"ENABLED"},"securityHubRegions":["eu-west-1"]}""");
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json("""{"detectorIds":["from-the-fake"]}"""));
        var clients = TestClients.ForMoto(moto, new Dictionary<string, string> { ["AWS_ENDPOINT_URL_GUARDDUTY"] = fake.Url });

        var detectors = await clients.GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None);
        var summary = await clients.Iam().GetAccountSummaryAsync(CancellationToken.None);
        var hub = await clients.SecurityHub("eu-west-1").DescribeHubAsync(CancellationToken.None);
        using var sts = clients.Sts();
        var account = await sts.GetCallerIdentityAccountAsync(CancellationToken.None);

        Assert.Equal(["from-the-fake"], detectors);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/detector", request.Path);
        Assert.Equal("50", request.QueryParameters["maxResults"]);
        Assert.Equal("eu-west-1/guardduty", request.SigningScope);

        // The others reached moto: it knows the seeded user, hub and account.
        Assert.Equal(1, summary.SummaryMap["Users"]);
        Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:hub/default", hub.HubArn);
        Assert.Equal(MotoServer.AccountId, account);
    }

    [Fact]
    public async Task The_STS_endpoint_variable_points_the_SDK_client_at_its_endpoint()
    {
        // STS goes through AWSSDK.SecurityToken, not our sender: check it honours AWS_ENDPOINT_URL_STS too.
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Xml("""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult><Arn>arn:aws:iam::210987654321:user/fake</Arn><UserId>AIDAFAKE</UserId><Account>210987654321</Account></GetCallerIdentityResult>
              <ResponseMetadata><RequestId>fake-sts</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """));
        var clients = TestClients.ForMoto(moto, new Dictionary<string, string> { ["AWS_ENDPOINT_URL_STS"] = fake.Url });
        using var sts = clients.Sts();

        var account = await sts.GetCallerIdentityAccountAsync(CancellationToken.None);
        var summary = await clients.Iam().GetAccountSummaryAsync(CancellationToken.None);

        Assert.Equal("210987654321", account);
        Assert.Equal("GetCallerIdentity", Assert.Single(fake.Requests).Action);
        Assert.NotNull(summary);
    }
}
