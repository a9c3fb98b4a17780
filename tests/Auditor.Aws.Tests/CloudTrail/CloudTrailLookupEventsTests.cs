using System.Text.Json.Nodes;
using Auditor.Aws.CloudTrail;
using Auditor.Aws.Http;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Testing;
using static Auditor.Aws.Tests.Support.LookupEventsFixture;

namespace Auditor.Aws.Tests.CloudTrail;

/// <summary>
/// The CloudTrail client's LookupEvents against <see cref="LookupEventsFixture"/>, a loopback HTTP server speaking the
/// documented json 1.1 shapes: moto 5.2.1 does not implement LookupEvents, so these tests cannot run against moto.
/// What moto does answer for it (an HTML 500) is one of the fixture's answers.
/// </summary>
public sealed class CloudTrailLookupEventsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly LookupEventsFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>Every service at the fixture; main's fast retries, documented rate limits on.</summary>
    private AwsClientFactory Clients() => TestClients.Factory(new Dictionary<string, string>
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = _fixture.Endpoint.ToString().TrimEnd('/'),
    });

    [Fact]
    public async Task Sends_the_documented_request_and_reads_every_page_newest_first()
    {
        _fixture.Pages["us-east-1"] =
        [
            [Entry(RootRecordJson.Record("CreateUser", Now.AddHours(-1), "e1")), Entry(RootRecordJson.Record("ListUsers", Now.AddHours(-2), "e2"))],
            [Entry(RootRecordJson.Record("GetAccountSummary", Now.AddHours(-3), "e3"))],
        ];
        var clients = Clients();
        var counters = clients.Counters();
        var client = clients.CloudTrail("us-east-1");

        var lookup = await client.LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal(["e1", "e2", "e3"], lookup.Events.Select(e => e.EventId));
        Assert.False(lookup.Truncated);
        Assert.Equal(2, counters.Calls["cloudtrail:LookupEvents"]);

        var requests = _fixture.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/", r.Path);
            Assert.StartsWith("application/x-amz-json-1.1", r.ContentType, StringComparison.Ordinal);
            Assert.Equal(Target, r.Target);
            Assert.Equal("cloudtrail", r.SigningService);
            Assert.Equal("us-east-1", r.Region);
            var attribute = Assert.Single(r.Body["LookupAttributes"]!.AsArray())!;
            Assert.Equal("Username", attribute["AttributeKey"]!.GetValue<string>());
            Assert.Equal("root", attribute["AttributeValue"]!.GetValue<string>());
            Assert.Equal(50, r.Body["MaxResults"]!.GetValue<int>());
            Assert.InRange(r.Body["StartTime"]!.GetValue<double>(), Now.AddDays(-7).ToUnixTimeSeconds() - 1, Now.AddDays(-7).ToUnixTimeSeconds() + 1);
            Assert.InRange(r.Body["EndTime"]!.GetValue<double>(), Now.ToUnixTimeSeconds() - 1, Now.ToUnixTimeSeconds() + 1);
        });
        Assert.Null(requests[0].Body["NextToken"]);
        Assert.StartsWith("page-1-", requests[1].Body["NextToken"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_only_root_identity_events_although_an_iam_user_named_root_matches_the_lookup()
    {
        _fixture.Pages["us-east-1"] =
        [
            [
                Entry(RootRecordJson.Record("DeleteTrail", Now.AddHours(-1), "by-user-named-root", identityType: "IAMUser")),
                Entry(RootRecordJson.Record("StopLogging", Now.AddHours(-2), "by-root")),
                new JsonObject { ["EventId"] = "no-record", ["EventName"] = "Odd", ["Username"] = "root" },
            ],
        ];

        var lookup = await Clients().CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal("by-root", Assert.Single(lookup.Events).EventId);
    }

    [Fact]
    public async Task Holds_to_two_requests_per_second_in_any_second()
    {
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 7).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"e{i}")))).ToList();

        var lookup = await Clients().CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal(7, lookup.Events.Count);
        var at = _fixture.Requests.Select(r => r.At).ToList();
        Assert.Equal(7, at.Count);

        // Every third request is at least a second after the first of the three: never three in one second.
        for (var i = 2; i < at.Count; i++)
        {
            Assert.True(at[i] - at[i - 2] >= TimeSpan.FromMilliseconds(990), $"requests {i - 1} and {i + 1} arrived {(at[i] - at[i - 2]).TotalMilliseconds:0} ms apart");
        }
    }

    [Fact]
    public async Task A_slow_answer_does_not_let_the_next_requests_bunch_up_at_the_server()
    {
        // Two lookups at once: the first request of one is answered slowly. A limiter that spaced the moments
        // requests leave would let its follower arrive within a second of the slow one; ours frees a permit a
        // second after the request that held it ended.
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 3).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"e{i}")))).ToList();
        _fixture.Latency = n => n == 1 ? TimeSpan.FromMilliseconds(600) : TimeSpan.Zero;
        var clients = Clients();

        await Task.WhenAll(
            clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None),
            clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None));

        var at = _fixture.Requests.Select(r => r.At).Order().ToList();
        Assert.Equal(6, at.Count);
        for (var i = 2; i < at.Count; i++)
        {
            Assert.True(at[i] - at[i - 2] >= TimeSpan.FromMilliseconds(990), $"requests {i - 1} and {i + 1} arrived {(at[i] - at[i - 2]).TotalMilliseconds:0} ms apart");
        }
    }

    [Fact]
    public async Task Rate_limit_is_per_region_and_shared_by_every_client_of_the_run()
    {
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 2).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"a{i}")))).ToList();
        _fixture.Pages["eu-west-1"] = Enumerable.Range(0, 2).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"b{i}", "eu-west-1")))).ToList();
        var factory = Clients();

        // Two lookups of the same region through two clients, and one of another region, at once.
        await Task.WhenAll(
            factory.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None),
            factory.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None),
            factory.CloudTrail("eu-west-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None));

        var east = _fixture.Requests.Where(r => r.Region == "us-east-1").Select(r => r.At).Order().ToList();
        var west = _fixture.Requests.Where(r => r.Region == "eu-west-1").Select(r => r.At).Order().ToList();
        Assert.Equal(4, east.Count);
        Assert.Equal(2, west.Count);
        Assert.True(east[2] - east[0] >= TimeSpan.FromMilliseconds(990));
        Assert.True(east[3] - east[1] >= TimeSpan.FromMilliseconds(990));
        Assert.True(west[1] - east[0] < TimeSpan.FromMilliseconds(900), "another region does not wait for this one");
    }

    [Fact]
    public async Task Throttled_page_is_retried_and_nothing_is_lost()
    {
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 3).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"e{i}")))).ToList();
        _fixture.Override = (n, _) => n == 2 ? Answer.Throttled with { RetryAfterSeconds = 0 } : null;
        var clients = Clients();
        var counters = clients.Counters();

        var lookup = await clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal(["e0", "e1", "e2"], lookup.Events.Select(e => e.EventId));
        Assert.Equal(4, counters.Calls["cloudtrail:LookupEvents"]);
        Assert.Equal(1, counters.Retries["throttling"]);
    }

    [Fact]
    public async Task Throttled_first_request_is_retried_too()
    {
        _fixture.Pages["us-east-1"] = [[Entry(RootRecordJson.Record("Call", Now.AddMinutes(-1), "e0"))]];
        _fixture.Override = (n, _) => n <= 2 ? Answer.Throttled : null;

        var lookup = await Clients().CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal("e0", Assert.Single(lookup.Events).EventId);
        Assert.Equal(3, _fixture.Requests.Count);
    }

    [Fact]
    public async Task Stops_after_max_pages_and_says_the_lookup_is_truncated()
    {
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 5).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"e{i}")))).ToList();
        var client = new CloudTrailClient(Clients().Sender(AwsService.CloudTrail, "us-east-1")) { MaxPages = 2 };

        var lookup = await client.LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal(2, lookup.Events.Count);
        Assert.True(lookup.Truncated);
        Assert.Equal(2, _fixture.Requests.Count);
    }

    [Fact]
    public async Task Access_denied_is_reported_at_once_without_retries()
    {
        _fixture.Override = (_, _) => Answer.AccessDenied;
        var clients = Clients();
        var counters = clients.Counters();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal(1, counters.TotalCalls);
    }

    [Fact]
    public async Task Endpoint_without_lookup_events_is_reported_at_once_without_retries()
    {
        _fixture.Override = (_, _) => Answer.NotImplemented;
        var clients = Clients();
        var counters = clients.Counters();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None));

        Assert.Equal(500, (int)error.StatusCode);
        Assert.Equal(1, counters.TotalCalls);
    }

    [Fact]
    public async Task Server_error_after_the_first_page_is_retried()
    {
        _fixture.Pages["us-east-1"] = Enumerable.Range(0, 2).Select(i => new JsonArray(Entry(RootRecordJson.Record("Call", Now.AddMinutes(-i), $"e{i}")))).ToList();
        _fixture.Override = (n, _) => n == 2 ? new Answer(500, "application/x-amz-json-1.1", """{"__type":"InternalServerErrorException","message":"try again"}""") : null;
        var clients = Clients();
        var counters = clients.Counters();

        var lookup = await clients.CloudTrail("us-east-1").LookupRootEventsAsync(Now.AddDays(-7), Now, CancellationToken.None);

        Assert.Equal(2, lookup.Events.Count);
        Assert.Equal(1, counters.TotalRetries);
    }

    [Fact]
    public async Task Collector_reads_every_audited_region_and_us_east_1_and_names_a_denied_region_in_the_finding()
    {
        _fixture.Pages["us-east-1"] = [[Entry(RootRecordJson.Record("ConsoleLogin", Now.AddHours(-5), "login", eventSource: "signin.amazonaws.com"))]];
        _fixture.Pages["eu-west-1"] = [[Entry(RootRecordJson.Record("StopInstances", Now.AddHours(-1), "stop", "eu-west-1", eventSource: "ec2.amazonaws.com"))]];
        _fixture.Override = (_, region) => region == "ap-southeast-2" ? Answer.AccessDenied : null;
        var snapshot = await TestEvidence.CollectAsync(
            Clients(), "123456789012", ["eu-west-1", "ap-southeast-2"], [EvidenceKinds.RootCloudTrailEvents], settings: new AuditSettings { RootActivityLookbackDays = 3 });

        Assert.Equal(["us-east-1", "ap-southeast-2", "eu-west-1"], snapshot.RootCloudTrailEvents.Select(r => r.Region));
        Assert.All(_fixture.Requests, r => Assert.InRange(r.Body["StartTime"]!.GetValue<double>(), Now.AddDays(-3).ToUnixTimeSeconds() - 5, Now.AddDays(-3).ToUnixTimeSeconds() + 60));
        var denied = snapshot.RootCloudTrailEvents.Single(r => r.Region == "ap-southeast-2").Value;
        Assert.Equal("AccessDeniedException", denied.FailureCode);

        var result = Assert.Single(CheckRunner.Evaluate(snapshot.WithCredentialReport(Gathered<Core.CredentialReports.CredentialReport>.Failed("AccessDenied", "no report")), [CheckCatalog.Find("root.activity")!], AuditSettings.Default, Now).Results);
        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("2", result.Evidence["auditor/RootCloudTrailEventCount"]);
        Assert.StartsWith("StopInstances at", result.Evidence["auditor/RootAction1"], StringComparison.Ordinal);
        Assert.StartsWith("ap-southeast-2 (AccessDeniedException: cloudtrail LookupEvents answered AccessDeniedException", result.Evidence["auditor/RootCloudTrailMissing"], StringComparison.Ordinal);
    }
}
