using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Aws.Resilience;
using Auditor.Function.Configuration;
using Auditor.Function.Functions;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;

namespace Auditor.Function.Tests.Freshness;

/// <summary>
/// The live reads that confirm a stale credential report stop with every other read at the run's budget: IAM is slow
/// to answer them (a <see cref="FaultProxy"/> holding ListAccessKeys 30 s, in front of the <see cref="StaleReportProxy"/>
/// that freezes moto's report), and the run still answers before its deadline, the users it could not confirm keeping
/// the report's evidence and counted unconfirmed with the reason DeadlineReached.
/// </summary>
[Collection("moto")]
public sealed class StaleReportDeadlineTests(MotoServer moto) : IAsyncLifetime, IAsyncDisposable
{
    private const string Event = """{"regions":["us-east-1"],"checks":["iam.user-mfa"]}""";
    private StaleReportProxy _report = null!;
    private FaultProxy _faults = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        _report = StaleReportProxy.Start(moto.Endpoint);
        _faults = FaultProxy.Start(_report.Endpoint);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        await _faults.DisposeAsync();
        await _report.DisposeAsync();
        await _log.DisposeAsync();
    }

    [Fact]
    public async Task Live_reads_of_a_stale_report_too_slow_for_the_deadline_are_abandoned_and_their_users_reported_unconfirmed()
    {
        await moto.SeedAsync("""
            {"users": [{"name": "alice", "password": true}, {"name": "bob", "password": true}],
             "securityHubRegions": ["us-east-1"]}
            """);
        _report.ReportAge = TimeSpan.FromHours(1);
        _faults.Add(new FaultRule("iam:ListAccessKeys", Fault.Slow) { Delay = TimeSpan.FromSeconds(30), ForwardBeforeDelay = false });

        var started = DateTimeOffset.UtcNow;
        var response = await InvokeAsync(started.AddSeconds(15));
        var took = DateTimeOffset.UtcNow - started;

        Assert.True(took < TimeSpan.FromSeconds(14), $"the run took {took.TotalSeconds:0.0} s of its 15");
        var freshness = response["freshness"]!;
        Assert.True(freshness["stale"]!.GetValue<bool>());
        Assert.Equal(2, freshness["unconfirmed"]!.GetValue<int>());
        Assert.Equal(0, freshness["confirmed"]!.GetValue<int>());
        Assert.Contains(": DeadlineReached: not confirmed live in time", freshness["unconfirmedReason"]!.GetValue<string>(), StringComparison.Ordinal);

        // The report's evidence stands: both users fail iam.user-mfa, and the findings are written.
        Assert.Equal(2, response["byStatus"]!["FAILED"]!.GetValue<int>());
        Assert.Equal(2, response["imported"]!.GetValue<int>());
    }

    private async Task<JsonNode> InvokeAsync(DateTimeOffset deadline)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables)
        {
            ["AWS_ENDPOINT_URL_IAM"] = _faults.Endpoint.ToString().TrimEnd('/'),
            ["DEADLINE_MARGIN_SECONDS"] = "2",
        };
        var environment = new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(_log, TimeProvider.System, "INFO"),
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
            Resilience = ResilienceOptions.Default with { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(60) },
        };
        var context = new InvocationContext("test-request", deadline, null, TimeProvider.System);
        var answer = await new AuditFunction(environment).HandleAsync(Encoding.UTF8.GetBytes(Event), context, CancellationToken.None);
        return JsonNode.Parse(answer)!;
    }
}
