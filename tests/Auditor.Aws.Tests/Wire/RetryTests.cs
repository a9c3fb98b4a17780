using System.Net;
using Auditor.Aws.Http;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// The one retry rule, per service and wire protocol. A loopback fake answers: moto never throttles, never
/// fails on demand and never answers slowly.
/// </summary>
public sealed class RetryTests
{
    public static TheoryData<string> Services => ["iam", "ec2", "guardduty", "shield", "securityhub", "sts"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Throttling_in_the_services_own_format_is_retried_then_succeeds_and_is_counted(string service)
    {
        var scenario = Scenario.For(service);
        using var fake = new FakeAws();
        fake.Script(scenario.Throttle, scenario.Throttle, scenario.Success);
        var clients = TestClients.ForFake(fake);

        await scenario.Run(clients);

        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal(3, clients.CallsOf(scenario.Counter));
        Assert.Equal(new Dictionary<string, int> { ["throttling"] = 2 }, clients.Counters().Retries);
    }

    [Theory]
    [InlineData("iam", 403, "AccessDenied")]
    [InlineData("iam", 400, "ValidationError")]
    [InlineData("ec2", 403, "UnauthorizedOperation")]
    [InlineData("guardduty", 403, "AccessDeniedException")]
    [InlineData("shield", 400, "AccessDeniedException")]
    [InlineData("securityhub", 400, "InvalidInputException")]
    [InlineData("sts", 403, "AccessDenied")]
    public async Task Client_errors_are_not_retried(string service, int status, string code)
    {
        var scenario = Scenario.For(service);
        using var fake = new FakeAws();
        fake.Script(scenario.Error(status, code), scenario.Success);
        var clients = TestClients.ForFake(fake);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => scenario.Run(clients));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(fake.Requests);
        Assert.Equal(1, clients.CallsOf(scenario.Counter));
        Assert.Empty(clients.Counters().Retries);
    }

    [Theory]
    [InlineData("iam", 500, "InternalFailure")]
    [InlineData("securityhub", 503, "ServiceUnavailableException")]
    [InlineData("guardduty", 500, "InternalServerErrorException")]
    [InlineData("shield", 500, "InternalErrorException")]
    [InlineData("ec2", 503, "Unavailable")]
    public async Task Server_errors_are_retried_up_to_MaxRetryAttempts_then_thrown(string service, int status, string code)
    {
        var scenario = Scenario.For(service);
        using var fake = new FakeAws();
        fake.Respond(_ => scenario.Error(status, code));
        var clients = TestClients.ForFake(fake, TestClients.Fast with { MaxRetryAttempts = 2 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => scenario.Run(clients));

        Assert.Equal(code, error.ErrorCode);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { [$"http-{status}"] = 2 }, clients.Counters().Retries);
    }

    [Fact]
    public async Task A_server_error_followed_by_success_succeeds()
    {
        var scenario = Scenario.For("guardduty");
        using var fake = new FakeAws();
        fake.Script(scenario.Error(500, "InternalServerErrorException"), scenario.Success);
        var clients = TestClients.ForFake(fake);

        await scenario.Run(clients);

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { ["http-500"] = 1 }, clients.Counters().Retries);
    }

    [Fact]
    public async Task Retry_After_is_honoured()
    {
        var scenario = Scenario.For("securityhub");
        using var fake = new FakeAws();
        fake.Script(scenario.Throttle.WithHeader("Retry-After", "1"), scenario.Success);
        var clients = TestClients.ForFake(fake, TestClients.Fast with { MaxDelay = TimeSpan.FromSeconds(10) });

        await scenario.Run(clients);

        var requests = fake.Requests;
        Assert.Equal(2, requests.Count);
        var waited = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(waited >= TimeSpan.FromMilliseconds(900), $"waited only {waited.TotalMilliseconds:0} ms after Retry-After: 1");
    }

    [Fact]
    public async Task Retry_After_longer_than_MaxDelay_is_capped()
    {
        var scenario = Scenario.For("guardduty");
        using var fake = new FakeAws();
        fake.Script(scenario.Throttle.WithHeader("Retry-After", "120"), scenario.Success);
        var clients = TestClients.ForFake(fake, TestClients.Fast with { MaxDelay = TimeSpan.FromMilliseconds(100) });

        var run = scenario.Run(clients);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(run, finished);
        await run;
        var requests = fake.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_slow_answer_past_AttemptTimeout_is_abandoned_and_retried()
    {
        var scenario = Scenario.For("guardduty");
        using var fake = new FakeAws();
        fake.Script(scenario.Success.After(TimeSpan.FromSeconds(10)), scenario.Success);
        var clients = TestClients.ForFake(fake, TestClients.Fast with { AttemptTimeout = TimeSpan.FromSeconds(1) });

        await scenario.Run(clients);

        Assert.Equal(2, fake.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { ["timeout"] = 1 }, clients.Counters().Retries);
    }

    [Fact]
    public async Task Every_attempt_timing_out_ends_in_a_timeout_after_MaxRetryAttempts()
    {
        var scenario = Scenario.For("iam");
        using var fake = new FakeAws();
        fake.Respond(_ => scenario.Success.After(TimeSpan.FromSeconds(3)));
        var clients = TestClients.ForFake(fake, TestClients.Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 1 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => scenario.Run(clients));

        Assert.Equal("Timeout", error.ErrorCode);

        Assert.Equal(2, clients.CallsOf(scenario.Counter));
        Assert.Equal(new Dictionary<string, int> { ["timeout"] = 1 }, clients.Counters().Retries);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_as_a_connection_failure_then_thrown()
    {
        // A port where a server listened and listens no more.
        string gone;
        await using (var server = LoopbackHttpServer.Start((_, _) => Task.FromResult(LoopbackResponse.Empty(200))))
        {
            gone = server.BaseAddress.ToString().TrimEnd('/');
        }

        var clients = TestClients.Factory(
            new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL"] = gone },
            TestClients.Fast with { MaxRetryAttempts = 2 });

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.GuardDuty("us-east-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal("ConnectionFailed", error.ErrorCode);
        Assert.Equal("ListDetectors", error.Operation);

        Assert.Equal(3, clients.CallsOf("guardduty:ListDetectors"));
        Assert.Equal(new Dictionary<string, int> { ["connection"] = 2 }, clients.Counters().Retries);
    }

    [Fact]
    public async Task Each_attempt_is_signed_afresh()
    {
        var scenario = Scenario.For("securityhub");
        using var fake = new FakeAws();
        fake.Script(scenario.Throttle, scenario.Success);
        var clients = TestClients.ForFake(fake);

        await scenario.Run(clients);

        Assert.All(fake.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=testing/", r.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(fake.Requests, r => Assert.False(string.IsNullOrEmpty(r.Header("X-Amz-Date"))));
    }

    /// <summary>One operation of one service, with its protocol's throttling, error and success answers.</summary>
    private sealed record Scenario(string Counter, FakeReply Throttle, Func<int, string, FakeReply> ErrorReply, FakeReply Success, Func<AwsClientFactory, Task> Run)
    {
        public FakeReply Error(int status, string code) => ErrorReply(status, code);

        public static Scenario For(string service) => service switch
        {
            "iam" => new(
                "iam:GetAccountSummary",
                FakeReply.QueryError(400, "Throttling", "Rate exceeded"),
                (status, code) => FakeReply.QueryError(status, code, $"{code} from the fake"),
                FakeReply.IamResult("GetAccountSummary", "<SummaryMap><entry><key>Users</key><value>4</value></entry></SummaryMap>"),
                async clients => Assert.Equal(4, (await clients.Iam().GetAccountSummaryAsync(CancellationToken.None)).SummaryMap["Users"])),
            "ec2" => new(
                "ec2:DescribeRegions",
                FakeReply.Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded."),
                (status, code) => FakeReply.Ec2Error(status, code, $"{code} from the fake"),
                FakeReply.Xml("""<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo><item><regionName>eu-west-1</regionName><optInStatus>opt-in-not-required</optInStatus></item><item><regionName>ap-east-1</regionName><optInStatus>not-opted-in</optInStatus></item><item><regionName>af-south-1</regionName><optInStatus>opted-in</optInStatus></item></regionInfo></DescribeRegionsResponse>"""),
                async clients => Assert.Equal(["af-south-1", "eu-west-1"], await clients.Ec2("eu-west-1").DescribeRegionsAsync(CancellationToken.None))),
            "guardduty" => new(
                "guardduty:ListDetectors",
                FakeReply.RestJsonError(429, "TooManyRequestsException", "Rate exceeded"),
                (status, code) => FakeReply.RestJsonError(status, code, $"{code} from the fake"),
                FakeReply.Json("""{"detectorIds":["d-1"]}"""),
                async clients => Assert.Equal(["d-1"], await clients.GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None))),
            "shield" => new(
                "shield:DescribeSubscription",
                FakeReply.Json11Error(400, "ThrottlingException", "Rate exceeded"),
                (status, code) => FakeReply.Json11Error(status, code, $"{code} from the fake"),
                FakeReply.Json11("""{"Subscription":{"StartTime":1700000000,"EndTime":1900000000,"AutoRenew":"ENABLED"}}"""),
                async clients => Assert.Equal("ENABLED", (await clients.Shield().DescribeSubscriptionAsync(CancellationToken.None))?.AutoRenew)),
            "securityhub" => new(
                "securityhub:DescribeHub",
                FakeReply.RestJsonError(429, "LimitExceededException", "Rate exceeded"),
                (status, code) => FakeReply.RestJsonError(status, code, $"{code} from the fake"),
                FakeReply.Json("""{"HubArn":"arn:aws:securityhub:us-east-1:123456789012:hub/default","SubscribedAt":"2025-01-01T00:00:00.000Z"}"""),
                async clients => Assert.EndsWith(":hub/default", (await clients.SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None)).HubArn, StringComparison.Ordinal)),
            "sts" => new(
                "sts:GetCallerIdentity",
                FakeReply.QueryError(400, "Throttling", "Rate exceeded"),
                (status, code) => FakeReply.QueryError(status, code, $"{code} from the fake"),
                FakeReply.Xml("""<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>"""),
                async clients =>
                {
                    using var sts = clients.Sts();
                    Assert.Equal("123456789012", await sts.GetCallerIdentityAccountAsync(CancellationToken.None));
                }),
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
        };
    }
}
