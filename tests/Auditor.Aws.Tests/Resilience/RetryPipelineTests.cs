using System.Diagnostics;
using System.Net;
using Amazon.Runtime;
using Auditor.Aws.Resilience;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using static Auditor.Aws.Tests.Support.CannedAws;

namespace Auditor.Aws.Tests.Resilience;

/// <summary>The resilience pipeline around real clients and the real signer, against scripted answers.</summary>
public sealed class RetryPipelineTests
{
    private const string Summary = """
        <GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>
        <entry><key>AccountMFAEnabled</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>
        """;

    private const string Throttled = """<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>""";

    [Fact]
    public async Task Throttling_is_retried_counted_by_cause_and_operation_and_each_retry_is_observed()
    {
        var aws = new CannedAws(r => r.Sequence <= 2 ? Xml(Throttled, HttpStatusCode.BadRequest) : Xml(Summary));
        var notices = new List<RetryNotice>();
        var counters = new CallCounters { RetryObserver = notices.Add };

        var summary = await aws.Factory(counters).Iam().GetAccountSummaryAsync(CancellationToken.None);

        Assert.True(summary.AccountMfaEnabled);
        Assert.Equal(3, aws.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { ["iam:GetAccountSummary"] = 3 }, counters.Calls);
        Assert.Equal(new Dictionary<string, int> { ["throttling"] = 2 }, counters.Retries);
        Assert.Equal(new Dictionary<string, int> { ["iam:GetAccountSummary"] = 2 }, counters.RetriesByOperation);
        Assert.Empty(counters.RetriesExhausted);
        Assert.Equal([1, 2], notices.Select(n => n.FailedAttempt));
        Assert.All(notices, n =>
        {
            Assert.Equal("iam", n.Service);
            Assert.Equal("us-east-1", n.Region);
            Assert.Equal("GetAccountSummary", n.Operation);
            Assert.Contains("Throttling", n.Error, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied")]
    [InlineData(HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData(HttpStatusCode.NotFound, "NoSuchEntity")]
    public async Task Errors_that_cannot_succeed_are_not_retried(HttpStatusCode status, string code)
    {
        var aws = new CannedAws(_ => Xml($"<ErrorResponse><Error><Code>{code}</Code><Message>no</Message></Error></ErrorResponse>", status));
        var counters = new CallCounters();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory(counters).Iam().GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal(code, error.ErrorCode);
        Assert.Single(aws.Requests);
        Assert.Empty(counters.Retries);
        Assert.Empty(counters.RetriesExhausted);
    }

    [Fact]
    public async Task A_fault_that_outlasts_every_retry_fails_with_the_services_code_after_exactly_the_allowed_attempts()
    {
        var aws = new CannedAws(_ => Xml("<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>", HttpStatusCode.ServiceUnavailable));
        var counters = new CallCounters();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory(counters).Iam().GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(Options.MaxRetryAttempts + 1, aws.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { ["http-503"] = Options.MaxRetryAttempts }, counters.Retries);
        Assert.Equal(new Dictionary<string, int> { ["iam:GetAccountSummary"] = 1 }, counters.RetriesExhausted);
    }

    [Fact]
    public async Task A_body_cut_short_is_retried_as_an_incomplete_response()
    {
        var aws = new CannedAws(r => r.Sequence == 1 ? CutShort(Summary) : Xml(Summary));
        var counters = new CallCounters();

        Assert.True((await aws.Factory(counters).Iam().GetAccountSummaryAsync(CancellationToken.None)).AccountMfaEnabled);

        Assert.Equal(new Dictionary<string, int> { ["incomplete-response"] = 1 }, counters.Retries);
    }

    [Theory]
    [InlineData("""{"detectorIds":["a","b"],"nextTo""")]
    [InlineData("")]
    [InlineData("""{"detectorIds":["a"]}garbage""")]
    public async Task A_success_whose_body_is_not_a_whole_document_is_retried(string broken)
    {
        var aws = new CannedAws(r => r.Sequence == 1 ? Json(broken) : Json("""{"detectorIds":["a"]}"""));
        var counters = new CallCounters();

        Assert.Equal(["a"], await aws.Factory(counters).GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal(new Dictionary<string, int> { ["incomplete-response"] = 1 }, counters.Retries);
    }

    [Fact]
    public async Task A_whole_document_of_the_wrong_shape_is_not_retried_and_says_what_is_wrong()
    {
        var aws = new CannedAws(_ => Json("""{"detectorIds":"not-a-list"}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory().GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task An_attempt_that_outlasts_its_timeout_is_abandoned_and_retried_and_a_call_that_never_answers_is_a_Timeout_error()
    {
        var aws = new CannedAws(async r =>
        {
            if (r.Sequence == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), r.Cancellation);
            }

            return Json("""{"SubscriptionState":"INACTIVE"}""");
        });
        var counters = new CallCounters();
        var options = Options with { AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxRetryAttempts = 2 };

        var shield = aws.Factory(counters, options).Shield();
        Assert.Equal("INACTIVE", await shield.GetSubscriptionStateAsync(CancellationToken.None));
        Assert.Equal(new Dictionary<string, int> { ["timeout"] = 1 }, counters.Retries);

        var stuck = new CannedAws(async r =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), r.Cancellation);
            return Json("{}");
        });
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stuck.Factory(counters, options).GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));
        Assert.Equal("Timeout", error.ErrorCode);
        Assert.True(error.NoAnswer);
        Assert.Contains("guardduty ListDetectors", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, stuck.Requests.Count);
    }

    [Fact]
    public async Task A_connection_that_always_fails_is_a_ConnectionFailed_error_naming_the_operation()
    {
        var aws = new CannedAws(new Func<CannedRequest, HttpResponseMessage>(_ => throw new HttpRequestException("Connection refused (injected)")));
        var counters = new CallCounters();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory(counters).Ec2("us-east-1").DescribeRegionsAsync(CancellationToken.None));

        Assert.Equal("ConnectionFailed", error.ErrorCode);
        Assert.Contains("ec2 DescribeRegions", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(Options.MaxRetryAttempts + 1, aws.Requests.Count);
        Assert.Equal(new Dictionary<string, int> { ["connection"] = Options.MaxRetryAttempts }, counters.Retries);
    }

    [Fact]
    public async Task The_servers_Retry_After_sets_the_wait_up_to_the_longest_delay()
    {
        var aws = new CannedAws(r => r.Sequence == 1
            ? Json("""{"Code":"LimitExceededException","Message":"slow down"}""", HttpStatusCode.TooManyRequests, ("Retry-After", "1"))
            : Json("""{"HubArn":"arn:aws:securityhub:us-east-1:123456789012:hub/default"}"""));

        await aws.Factory(options: Options with { MaxDelay = TimeSpan.FromSeconds(5) }).SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None);

        var requests = aws.Requests.ToList();
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(950), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_call_cancelled_by_its_caller_is_not_retried_nor_counted_as_exhausted()
    {
        using var cancel = new CancellationTokenSource();
        var aws = new CannedAws(async _ =>
        {
            await cancel.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), cancel.Token);
            return Json("{}");
        });
        var counters = new CallCounters();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => aws.Factory(counters).SecurityHub("us-east-1").DescribeHubAsync(cancel.Token));

        Assert.Single(aws.Requests);
        Assert.Empty(counters.Retries);
        Assert.Empty(counters.RetriesExhausted);
    }

    [Fact]
    public async Task A_call_refused_for_expired_credentials_refreshes_them_and_is_signed_again_with_the_new_key()
    {
        var credentials = new TwoKeyCredentials();
        var aws = new CannedAws(r => r.AccessKeyId == "ASIAOLD"
            ? Json("""{"message":"The security token included in the request is expired"}""", HttpStatusCode.Forbidden, ("X-Amzn-ErrorType", "ExpiredTokenException"))
            : Json("""{"HubArn":"arn"}"""));
        var counters = new CallCounters();

        await aws.Factory(counters, credentials: credentials).SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None);

        Assert.Equal(["ASIAOLD", "ASIANEW"], aws.Requests.Select(r => r.AccessKeyId));
        Assert.Equal(new Dictionary<string, int> { ["expired-credentials"] = 1 }, counters.Retries);
    }

    [Fact]
    public async Task Security_Hubs_documented_rates_are_kept_on_our_side()
    {
        var aws = new CannedAws(_ => Json("""{"Findings":[]}"""));
        var client = aws.Factory(options: Options with { RateLimits = true }).SecurityHub("us-east-1");
        var clock = Stopwatch.StartNew();

        // GetFindings: 3 per second, burst 6. The seventh and eighth calls wait for the next second's tokens.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetFindingsAsync(new Dictionary<string, IReadOnlyList<StringFilter>>(), CancellationToken.None)));

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"8 calls in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(8, aws.Requests.Count);
    }

    /// <summary>Credentials whose first key the service says has expired; cleared, they come back with a new key.</summary>
    private sealed class TwoKeyCredentials : RefreshingAWSCredentials
    {
        private int _generation;

        protected override CredentialsRefreshState GenerateNewCredentials() =>
            new(new ImmutableCredentials(Interlocked.Increment(ref _generation) == 1 ? "ASIAOLD" : "ASIANEW", "secret", "token"), DateTime.UtcNow.AddHours(1));
    }
}
