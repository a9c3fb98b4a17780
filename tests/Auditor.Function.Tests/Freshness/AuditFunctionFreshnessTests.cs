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
/// The audit function's run summary reports freshness. moto regenerates its credential report on every request and
/// dates it 2015-02-02, so IAM sits behind <see cref="StaleReportProxy"/>, which freezes the report and dates it.
/// </summary>
[Collection("moto")]
public sealed class AuditFunctionFreshnessTests(MotoServer moto) : IAsyncLifetime, IAsyncDisposable
{
    private const string Event = """{"regions":["us-east-1"],"checks":["iam.user-mfa","iam.unused-credentials","iam.access-key-rotation","iam.single-active-key","root.mfa"]}""";
    private StaleReportProxy _proxy = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        _proxy = StaleReportProxy.Start(moto.Endpoint);
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _log.DisposeAsync();
    }

    [Fact]
    public async Task The_run_summary_says_how_old_the_report_was_and_what_live_calls_confirmed()
    {
        await moto.SeedAsync("""
            {"users": [{"name": "alice", "password": true, "passwordLastUsedDaysAgo": 1},
                       {"name": "bob", "keys": [{"createdDaysAgo": 5, "lastUsedDaysAgo": 1}]}],
             "securityHubRegions": ["us-east-1"]}
            """);
        _proxy.ReportAge = TimeSpan.FromMinutes(2);
        var fresh = (await InvokeAsync())["freshness"]!;
        Assert.False(fresh["stale"]!.GetValue<bool>());
        Assert.InRange(fresh["reportAgeSeconds"]!.GetValue<long>(), 110, 180);
        Assert.Equal(900, fresh["maxAgeSeconds"]!.GetValue<long>());
        Assert.Equal(0, fresh["confirmed"]!.GetValue<int>());

        await moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "alice" });
        await moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "bob" });
        await moto.SeedAsync("""{"users": [{"name": "carol", "password": true}]}""");
        _proxy.ReportAge = TimeSpan.FromHours(1);
        var response = await InvokeAsync();
        var stale = response["freshness"]!;

        Assert.True(stale["stale"]!.GetValue<bool>());
        Assert.NotNull(stale["reportGeneratedAt"]!.GetValue<string>());
        Assert.InRange(stale["reportAgeSeconds"]!.GetValue<long>(), 3590, 3700);
        Assert.Equal(1, stale["confirmed"]!.GetValue<int>());
        Assert.Equal(1, stale["overturned"]!.GetValue<int>());
        Assert.Equal(1, stale["liveUsers"]!.GetValue<int>());
        Assert.Equal(1, stale["deletedUsers"]!.GetValue<int>());
        Assert.Equal(0, stale["unconfirmed"]!.GetValue<int>());
        Assert.True(response["archived"]!.GetValue<int>() >= 3);
        Assert.Equal(1, response["apiCallsByOperation"]!["iam:ListUsers"]!.GetValue<int>());
        Assert.Contains("\"reportStale\":true", _log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_minutes_means_always_confirm()
    {
        await moto.SeedAsync("""{"users": [{"name": "alice", "password": true, "passwordLastUsedDaysAgo": 1}], "securityHubRegions": ["us-east-1"]}""");
        _proxy.GeneratedTime = DateTimeOffset.UtcNow.AddSeconds(-5);

        var freshness = (await InvokeAsync(reportMaxAgeMinutes: "0"))["freshness"]!;

        Assert.True(freshness["stale"]!.GetValue<bool>());
        Assert.Equal(1, freshness["confirmed"]!.GetValue<int>());
        Assert.Equal(0, freshness["overturned"]!.GetValue<int>());
    }

    private async Task<JsonNode> InvokeAsync(string? reportMaxAgeMinutes = null)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables)
        {
            ["AWS_ENDPOINT_URL_IAM"] = _proxy.Endpoint.ToString().TrimEnd('/'),
        };
        if (reportMaxAgeMinutes is not null)
        {
            variables[AuditorConfiguration.ReportMaxAgeMinutes] = reportMaxAgeMinutes;
        }

        var environment = new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(_log, TimeProvider.System, "INFO"),
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
            Resilience = ResilienceOptions.Default with { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
        };
        var context = new InvocationContext("test-request", DateTimeOffset.UtcNow.AddMinutes(5), null, TimeProvider.System);
        var answer = await new AuditFunction(environment).HandleAsync(Encoding.UTF8.GetBytes(Event), context, CancellationToken.None);
        return JsonNode.Parse(answer)!;
    }
}
