using System.Text.Json;
using System.Text.Json.Nodes;
using Auditor.Function.Tests.Runtime;
using Auditor.Function.Tests.Support;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// What runs as a process against moto: <c>scripts/invoke</c> as a user types it, the executable under the
/// Runtime API, and botocore's own validation of the findings we produce.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class ProcessEndToEndTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);
    private readonly MotoServer _moto;

    public ProcessEndToEndTests(MotoServer moto) => _moto = moto;

    /// <summary>
    /// moto's variables for a child process. The test build already built the function (project reference), so
    /// the script is told to use that build instead of building Release in the middle of the test run.
    /// </summary>
    private Dictionary<string, string> ScriptVariables() => new(_moto.AwsVariables)
    {
        ["AUDITOR_SKIP_BUILD"] = "1",
        ["AUDITOR_BUILD_CONFIGURATION"] = ChildProcess.Configuration,
    };

    [Fact]
    public async Task Scripts_invoke_prints_one_JSON_response_on_stdout_and_JSON_logs_on_stderr()
    {
        await ResetAndSeedAsync(_moto);

        var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(RepositoryPaths.Of("scripts", "invoke"), ["events/on-demand.json"], ScriptVariables(), ProcessTimeout);

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout: {stdout}\nstderr: {stderr}");
        using var response = ParseSingleDocument(stdout);
        var root = response.RootElement;
        Assert.Equal(Account, root.GetProperty("accountId").GetString());
        Assert.True(root.GetProperty("dryRun").GetBoolean());
        Assert.Equal(["us-east-1"], root.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["guardduty.enabled", "iam.user-mfa"], root.GetProperty("checks").EnumerateArray().Select(r => r.GetString()));
        // console-no-mfa, console-mfa and GuardDuty in us-east-1.
        Assert.Equal(3, root.GetProperty("dryRunFindings").GetArrayLength());
        Assert.Empty(await AllFindingsAsync(_moto));

        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var logs = lines.Select(line =>
        {
            try
            {
                return JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"stderr line is not JSON ({e.Message}): {line}\nstderr: {stderr}");
            }
        }).ToList();
        Assert.All(logs, l =>
        {
            Assert.False(string.IsNullOrEmpty(l.GetProperty("level").GetString()));
            Assert.False(string.IsNullOrEmpty(l.GetProperty("message").GetString()));
            Assert.StartsWith("local-", l.GetProperty("requestId").GetString(), StringComparison.Ordinal);
        });
        Assert.Single(logs.Select(l => l.GetProperty("requestId").GetString()).Distinct());
        Assert.Contains(logs, l => l.GetProperty("message").GetString() == "audit finished");
    }

    [Fact]
    public async Task Scripts_invoke_exits_non_zero_with_an_error_document_for_a_malformed_event_file()
    {
        await ResetAndSeedAsync(_moto);
        var file = Path.Combine(Path.GetTempPath(), $"auditor-bad-event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"regions":["us-east-1"],""");
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(RepositoryPaths.Of("scripts", "invoke"), [file], ScriptVariables(), ProcessTimeout);

            Assert.True(exitCode != 0, $"exit code 0 for a malformed event\nstdout: {stdout}\nstderr: {stderr}");
            using var error = ParseSingleDocument(stdout);
            Assert.Equal("InvalidEvent", error.RootElement.GetProperty("errorType").GetString());
            Assert.StartsWith("event: ", error.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Array, error.RootElement.GetProperty("stackTrace").ValueKind);
            Assert.Empty(await AllFindingsAsync(_moto));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_executable_answers_a_dry_run_through_the_Runtime_API()
    {
        await ResetAndSeedAsync(_moto);
        await using var api = new RuntimeApiEmulator();
        api.Enqueue("exe-dry-run", await File.ReadAllTextAsync(RepositoryPaths.Of("events", "on-demand.json")), DateTimeOffset.UtcNow.AddMinutes(5));
        var variables = new Dictionary<string, string>(_moto.AwsVariables)
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AUDITOR_FUNCTION"] = "audit",
        };
        using var process = ChildProcess.Start("dotnet", [ChildProcess.FunctionDll], variables);
        var stderr = ChildProcess.CaptureStderr(process);
        RecordedPost post;
        try
        {
            post = await api.NextPostAsync(ProcessTimeout);
        }
        finally
        {
            await ChildProcess.StopAsync(process);
        }

        Assert.True(post.Path == "invocation/exe-dry-run/response", $"{post.Path}: {post.Body}\n{stderr}");
        var response = post.Json;
        Assert.Equal(Account, response["accountId"]!.GetValue<string>());
        Assert.True(response["dryRun"]!.GetValue<bool>());
        Assert.Equal(3, response["dryRunFindings"]!.AsArray().Count);
    }

    [Fact]
    public async Task Botocore_finds_no_error_in_the_findings_of_a_dry_run_nor_in_what_an_import_sends()
    {
        await ResetAndSeedAsync(_moto);
        var dryRun = (await InvokeAsync(_moto, """{"regions":["us-east-1","eu-west-1"],"dryRun":true}""")).Response["dryRunFindings"]!.AsArray();
        Assert.Equal(ExpectedSampleTable().Count, dryRun.Count(f => SampleTableChecks.Contains(f!["GeneratorId"]!.GetValue<string>())));
        var ofTwoKeys = dryRun.Count(f => f!["Resources"]![0]!["Id"]!.GetValue<string>() == UserArnPrefix + "two-keys");

        // What goes over the wire on import too: creation, then update (every finding: REFRESH_UNCHANGED_DAYS=0) and
        // archive after a user is deleted.
        var recorder = new RecordingHandler();
        var importEverything = new Dictionary<string, string> { ["REFRESH_UNCHANGED_DAYS"] = "0" };
        _ = (await InvokeAsync(_moto, BothRegions, recorder, importEverything)).Response;
        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "two-keys" });
        _ = (await InvokeAsync(_moto, BothRegions, recorder, importEverything)).Response;
        var imported = recorder.ImportedFindings;
        // Every finding created, then every one updated or, for the deleted user, archived.
        Assert.Equal(2 * dryRun.Count, imported.Count);
        Assert.Equal(ofTwoKeys, imported.Count(f => f["RecordState"]?.GetValue<string>() == "ARCHIVED"));
        Assert.True(ofTwoKeys > 0, "the deleted user had findings to archive");

        foreach (var (name, findings) in new[] { ("dry run", new JsonArray(dryRun.Select(f => f!.DeepClone()).ToArray())), ("imports", new JsonArray(imported.Select(f => f.DeepClone()).ToArray())) })
        {
            var errors = await BotocoreValidationErrorsAsync(findings);
            Assert.True(errors.Length == 0, $"botocore rejects the {name} findings:\n{errors}");
        }
    }

    [Fact]
    public async Task Botocore_validation_does_catch_a_finding_that_breaks_the_model()
    {
        var broken = new JsonArray(new JsonObject
        {
            ["SchemaVersion"] = "2018-10-08",
            ["Id"] = "auditor/x",
            ["GeneratorId"] = "iam.user-mfa",
            ["Severity"] = new JsonObject { ["Label"] = 3 },
            ["Resources"] = new JsonArray(),
        });

        var errors = await BotocoreValidationErrorsAsync(broken);

        Assert.Contains("ProductArn", errors, StringComparison.Ordinal);
        Assert.Contains("Label", errors, StringComparison.Ordinal);
    }

    /// <summary>botocore's ParamValidator against securityhub's BatchImportFindings input shape; "" when valid.</summary>
    private static async Task<string> BotocoreValidationErrorsAsync(JsonArray findings)
    {
        const string script = """
            import json, sys
            import botocore.session, botocore.validate
            shape = botocore.session.get_session().get_service_model('securityhub').operation_model('BatchImportFindings').input_shape
            with open(sys.argv[1]) as f:
                findings = json.load(f)
            report = botocore.validate.ParamValidator().validate({'Findings': findings}, shape)
            if report.has_errors():
                print(report.generate_report())
                sys.exit(1)
            print('OK', len(findings))
            """;
        var file = Path.Combine(Path.GetTempPath(), $"auditor-findings-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, findings.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(PythonEnvironment.Executable, ["-c", script, file], new Dictionary<string, string>(), ProcessTimeout);
            if (exitCode == 0)
            {
                Assert.Equal($"OK {findings.Count}", stdout.Trim());
                return string.Empty;
            }

            return string.IsNullOrWhiteSpace(stdout) ? $"{PythonEnvironment.Executable} failed ({exitCode}): {stderr}" : stdout;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonDocument ParseSingleDocument(string stdout)
    {
        Assert.False(string.IsNullOrWhiteSpace(stdout), "stdout is empty");
        var bytes = System.Text.Encoding.UTF8.GetBytes(stdout);
        var reader = new Utf8JsonReader(bytes);
        Assert.True(JsonDocument.TryParseValue(ref reader, out var document), "stdout is not JSON: " + stdout);
        var rest = System.Text.Encoding.UTF8.GetString(bytes, (int)reader.BytesConsumed, bytes.Length - (int)reader.BytesConsumed);
        Assert.True(rest.Trim().Length == 0, "stdout has more than one JSON document: " + stdout);
        return document!;
    }
}
