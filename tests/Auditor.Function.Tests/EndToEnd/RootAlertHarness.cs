using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>Runs the root-alert function on moto the way scripts/invoke does, and checks its findings.</summary>
public static class RootAlertHarness
{
    private static readonly string[] FailingLabels = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

    public const string SignInSuccess = "root-console-sign-in-success.json";
    public const string SignInFailure = "root-console-sign-in-failure.json";
    public const string ApiCall = "root-api-call.json";

    public static string Sample(string file) => File.ReadAllText(RepositoryPaths.Of("events", file));

    /// <summary>The root-alert function through <see cref="FunctionHost"/>, as the Runtime API loop and scripts/invoke run it.</summary>
    public static async Task<AuditRun> InvokeAlertAsync(MotoServer moto, string eventJson, HttpMessageHandler? handler = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables, StringComparer.Ordinal);
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var log = new StringWriter();
        var environment = new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(TextWriter.Synchronized(log), TimeProvider.System, "INFO"),
            Resilience = FastResilience,
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
            HttpHandler = handler,
        };
        var host = FunctionHost.Create("root-alert", environment);
        var invocation = new Invocation($"test-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddMinutes(1), null, null, Encoding.UTF8.GetBytes(eventJson));
        return new AuditRun(await host.InvokeAsync(invocation, TimeProvider.System, CancellationToken.None), log.ToString());
    }

    /// <summary>A root.event finding as DESIGN.md and ASFF want it.</summary>
    public static void AssertRootEventAsff(JsonObject finding, string importRegion)
    {
        var id = finding["Id"]!.GetValue<string>();
        Assert.Equal("2018-10-08", finding["SchemaVersion"]!.GetValue<string>());
        Assert.Matches($"^auditor/{Account}/[a-z0-9-]+/root\\.event/.+$", id);
        Assert.Equal($"arn:aws:securityhub:{importRegion}:{Account}:product/{Account}/default", finding["ProductArn"]!.GetValue<string>());
        Assert.Equal("root.event", finding["GeneratorId"]!.GetValue<string>());
        Assert.Equal(Account, finding["AwsAccountId"]!.GetValue<string>());
        Assert.Equal("ACTIVE", finding["RecordState"]!.GetValue<string>());
        foreach (var field in new[] { "CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt" })
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", finding[field]!.GetValue<string>());
        }

        Assert.InRange(finding["Title"]!.GetValue<string>().Length, 1, 256);
        Assert.InRange(finding["Description"]!.GetValue<string>().Length, 1, 1024);
        var label = finding["Severity"]!["Label"]!.GetValue<string>();
        Assert.Contains(label, FailingLabels);
        Assert.Equal(label, finding["FindingProviderFields"]!["Severity"]!["Label"]!.GetValue<string>());
        var types = finding["Types"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Matches("^(TTPs|Unusual Behaviors)/[^/]+/[^/]+$", t));
        Assert.Equal(types, finding["FindingProviderFields"]!["Types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var resource = Assert.Single(finding["Resources"]!.AsArray())!;
        Assert.Equal("AwsAccount", resource["Type"]!.GetValue<string>());
        Assert.Equal(AccountResource, resource["Id"]!.GetValue<string>());
        var fields = finding["ProductFields"]!.AsObject();
        Assert.InRange(fields.Count, 1, 50);
        foreach (var key in new[] { "auditor/EventId", "auditor/EventName", "auditor/EventTime", "auditor/SourceIPAddress", "auditor/UserAgent", "auditor/AwsRegion", "auditor/MfaUsed" })
        {
            Assert.False(string.IsNullOrEmpty(fields[key]?.GetValue<string>()), $"{id}: {key}");
        }
    }
}
