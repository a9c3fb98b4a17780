using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>The audit function's EMF lines on moto: one document per split, in Auditor's namespace, true to the run.</summary>
[Collection(MotoDefinition.Name)]
public sealed class MetricsEndToEndTests
{
    private readonly MotoServer _moto;

    public MetricsEndToEndTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task An_audit_writes_EMF_lines_that_count_what_it_found()
    {
        await ResetAndSeedAsync(_moto);
        var metrics = new StringWriter();
        var variables = _moto.AwsVariables;
        var environment = new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(TextWriter.Null, TimeProvider.System, "INFO"),
            Resilience = FastResilience,
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
            Metrics = metrics,
        };

        var result = await FunctionHost.Create("audit", environment).InvokeAsync(
            new Invocation("metrics-test", DateTimeOffset.UtcNow.AddMinutes(5), null, null, Encoding.UTF8.GetBytes(BothRegions)), TimeProvider.System, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ErrorMessage);
        using var response = JsonDocument.Parse(result.Response!);
        var lines = metrics.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines, l => Assert.Equal("Auditor", l.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
        var run = lines.Single(l => l.TryGetProperty("AccountRuns", out _));
        Assert.Equal(response.RootElement.GetProperty("findings").GetInt32(), run.GetProperty("Findings").GetInt32());
        Assert.Equal(response.RootElement.GetProperty("apiCalls").GetInt32(), run.GetProperty("ApiCalls").GetInt32());
        var failed = response.RootElement.GetProperty("byStatus").GetProperty("FAILED").GetInt32();
        Assert.Equal(failed, lines.Single(l => l.TryGetProperty("Status", out var s) && s.GetString() == "FAILED").GetProperty("FindingsByStatus").GetInt32());
        Assert.Equal(
            lines.Where(l => l.TryGetProperty("Check", out _)).Sum(l => l.GetProperty("FailingFindingsByCheck").GetInt32()),
            run.GetProperty("FailingFindings").GetInt32());
    }
}
