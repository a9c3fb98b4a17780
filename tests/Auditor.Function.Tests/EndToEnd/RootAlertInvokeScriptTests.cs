using System.Text.Json.Nodes;
using Auditor.Function.Tests.Support;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.RootAlertHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// <c>scripts/invoke --function root-alert EVENT_FILE</c> as a user types it, against moto with Security Hub enabled:
/// one root.event finding per sample event, the same event twice still one, and the audit stays the default function.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class RootAlertInvokeScriptTests(MotoServer moto)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Scripts_invoke_runs_the_root_alert_function_on_each_sample_event_once_per_event()
    {
        await moto.ResetAsync();
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var expected = new Dictionary<string, string>
        {
            [SignInSuccess] = "CRITICAL",
            [SignInFailure] = "HIGH",
            [ApiCall] = "LOW",
        };

        foreach (var (file, severity) in expected)
        {
            for (var delivery = 1; delivery <= 2; delivery++)
            {
                var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(
                    RepositoryPaths.Of("scripts", "invoke"), ["--function", "root-alert", RepositoryPaths.Of("events", file)], Variables(), ProcessTimeout);

                Assert.True(exitCode == 0, $"{file} delivery {delivery}: exit code {exitCode}\nstdout: {stdout}\nstderr: {stderr}");
                var response = JsonNode.Parse(stdout)!;
                Assert.Equal(severity, response["severity"]!.GetValue<string>());
                Assert.Equal(delivery == 2, response["duplicate"]!.GetValue<bool>());
                Assert.Contains(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => JsonNode.Parse(line)!["function"]?.GetValue<string>() == "root-alert");
            }
        }

        var findings = await moto.FindingsAsync();
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => AssertRootEventAsff(f, "us-east-1"));
        Assert.Equal(
            expected.Values.Order(StringComparer.Ordinal),
            findings.Select(f => f["Severity"]!["Label"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scripts_invoke_refuses_a_root_event_given_to_the_audit_function_which_stays_the_default()
    {
        await moto.ResetAsync();
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");

        var (exitCode, stdout, _) = await ChildProcess.RunAsync(RepositoryPaths.Of("scripts", "invoke"), [RepositoryPaths.Of("events", ApiCall)], Variables(), ProcessTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Equal("InvalidEvent", JsonNode.Parse(stdout)!["errorType"]!.GetValue<string>());
        Assert.Empty(await moto.FindingsAsync());
    }

    private Dictionary<string, string> Variables() => new(moto.AwsVariables)
    {
        ["AUDITOR_SKIP_BUILD"] = "1",
        ["AUDITOR_BUILD_CONFIGURATION"] = ChildProcess.Configuration,
    };
}
