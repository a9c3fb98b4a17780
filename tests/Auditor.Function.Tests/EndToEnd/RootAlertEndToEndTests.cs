using System.Text.Json;
using System.Text.Json.Nodes;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Function.Runtime;
using Auditor.Function.Tests.Support;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.EndToEnd.RootAlertHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// The root-alert function end to end on moto (Security Hub enabled), through <see cref="FunctionHost"/> as the Runtime
/// API loop and <c>scripts/invoke</c> run it: every sample root event makes exactly one well-formed root.event finding,
/// rated by what happened, and a redelivered event writes nothing new. Then the nightly audit beside them.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class RootAlertEndToEndTests(MotoServer moto)
{
    public static TheoryData<string, string, string, string> Samples => new()
    {
        { SignInSuccess, "f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", "CRITICAL", "TTPs/Initial Access/Root Console Sign-In" },
        { SignInFailure, "5d0e7a92-0b1c-4a8f-b3e6-91c2d4f8a7b3", "HIGH", "TTPs/Credential Access/Root Console Sign-In Failure" },
        { ApiCall, "9c4e2a7b-1f3d-4e6a-8b5c-0d2f7a9e1c38", "LOW", "Unusual Behaviors/User/Root API Call" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_sample_event_makes_exactly_one_root_event_finding_and_the_same_event_twice_still_one(string file, string eventId, string severity, string firstType)
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");

        var first = (await InvokeAlertAsync(moto, Sample(file))).Response;

        Assert.True(first["created"]!.GetValue<bool>());
        Assert.False(first["duplicate"]!.GetValue<bool>());
        Assert.Equal(severity, first["severity"]!.GetValue<string>());
        var stored = Assert.Single(await moto.FindingsAsync());
        AssertRootEventAsff(stored, "us-east-1");
        Assert.Equal($"auditor/{Account}/us-east-1/root.event/{eventId}", stored["Id"]!.GetValue<string>());
        Assert.Equal(severity, stored["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal(firstType, stored["Types"]![0]!.GetValue<string>());
        Assert.Equal(eventId, stored["ProductFields"]!["auditor/EventId"]!.GetValue<string>());

        var again = (await InvokeAlertAsync(moto, Sample(file))).Response;

        Assert.False(again["created"]!.GetValue<bool>());
        Assert.True(again["duplicate"]!.GetValue<bool>());
        Assert.Equal(first["findingId"]!.GetValue<string>(), again["findingId"]!.GetValue<string>());
        Assert.Equal(0, again["apiCallsByOperation"]!["securityhub:BatchImportFindings"]?.GetValue<int>() ?? 0);
        var after = Assert.Single(await moto.FindingsAsync());
        Assert.True(JsonNode.DeepEquals(stored, after), "a redelivered event changed the stored finding");
    }

    [Fact]
    public async Task Three_events_make_three_findings_and_sign_in_without_mfa_or_failed_rate_above_an_api_call_with_mfa()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");

        foreach (var file in new[] { ApiCall, SignInFailure, SignInSuccess, ApiCall })
        {
            _ = (await InvokeAlertAsync(moto, Sample(file))).Response;
        }

        var findings = await moto.FindingsAsync();
        Assert.Equal(3, findings.Count);
        var rank = findings.ToDictionary(f => f["ProductFields"]!["auditor/EventId"]!.GetValue<string>(), f => Rank(f["Severity"]!["Label"]!.GetValue<string>()));
        var success = rank["f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61"];
        var failure = rank["5d0e7a92-0b1c-4a8f-b3e6-91c2d4f8a7b3"];
        var api = rank["9c4e2a7b-1f3d-4e6a-8b5c-0d2f7a9e1c38"];
        Assert.True(success > api && failure > api, $"sign-in without MFA {success}, failed sign-in {failure}, API call with MFA {api}");
    }

    [Fact]
    public async Task Findings_go_to_SECURITY_HUB_REGION_when_it_is_set()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1","eu-west-1"]}""");

        var response = (await InvokeAlertAsync(moto, Sample(SignInFailure), extra: new Dictionary<string, string> { ["SECURITY_HUB_REGION"] = "eu-west-1" })).Response;

        Assert.Equal("eu-west-1", response["securityHubRegion"]!.GetValue<string>());
        Assert.Empty(await moto.FindingsAsync("us-east-1"));
        var stored = Assert.Single(await moto.FindingsAsync("eu-west-1"));
        AssertRootEventAsff(stored, "eu-west-1");
        // The finding is about the event's own region, wherever it is imported.
        Assert.Equal("us-east-1", stored["ProductFields"]!["auditor/Region"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_security_hub_the_function_fails_and_writes_nothing()
    {
        await moto.ResetAsync();

        var error = (await InvokeAlertAsync(moto, Sample(SignInSuccess))).Error;

        Assert.Equal("SecurityHubNotEnabled", error.ErrorType);
        Assert.Contains("us-east-1", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_of_another_account_is_refused_and_nothing_is_written()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");
        var json = JsonNode.Parse(Sample(ApiCall))!;
        json["account"] = "210987654321";
        json["detail"]!["recipientAccountId"] = "210987654321";

        var error = (await InvokeAlertAsync(moto, json.ToJsonString())).Error;

        Assert.Equal("InvalidRequest", error.ErrorType);
        Assert.Contains("210987654321", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await moto.FindingsAsync());
    }

    [Fact]
    public async Task A_non_root_event_is_refused_before_any_call()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");
        var json = JsonNode.Parse(Sample(SignInSuccess))!;
        json["detail"]!["userIdentity"]!["type"] = "IAMUser";
        var recorder = new RecordingHandler();

        var error = (await InvokeAlertAsync(moto, json.ToJsonString(), recorder)).Error;

        Assert.Equal("InvalidEvent", error.ErrorType);
        Assert.StartsWith("detail.userIdentity.type: ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(recorder.Requests);
    }

    [Fact]
    public async Task Botocore_accepts_what_the_function_imports()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");
        var recorder = new RecordingHandler();

        foreach (var file in new[] { SignInSuccess, SignInFailure, ApiCall })
        {
            _ = (await InvokeAlertAsync(moto, Sample(file), recorder)).Response;
        }

        var imported = recorder.ImportedFindings;
        Assert.Equal(3, imported.Count);
        var errors = await BotocoreErrorsAsync(new JsonArray(imported.Select(f => f.DeepClone()).ToArray()));
        Assert.True(errors.Length == 0, "botocore rejects the root.event findings:\n" + errors);
    }

    [Fact]
    public async Task The_nightly_audit_never_archives_root_event_findings_by_scope_and_ages_out_those_past_the_retention()
    {
        await ResetAndSeedAsync(moto);
        _ = (await InvokeAlertAsync(moto, Sample(SignInSuccess))).Response;
        var old = RootEventFindings.Create(
            new RootEventRecord { EventId = "old-event", EventName = "ConsoleLogin", EventTime = DateTimeOffset.UtcNow.AddDays(-40), AwsRegion = "us-east-1", EventSource = "signin.amazonaws.com", EventType = "AwsConsoleSignIn", ConsoleLoginResult = "Success", MfaUsed = true },
            Account,
            "aws",
            "us-east-1",
            DateTimeOffset.UtcNow.AddDays(-40));
        var oldJson = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(old, AsffJsonContext.Default.AsffFinding))!;
        await moto.CallAsync("securityhub", "batch_import_findings", new JsonObject { ["Findings"] = new JsonArray(oldJson) });

        var response = (await InvokeAsync(moto, BothRegions)).Response;

        Assert.Equal(1, response["expiredRootEvents"]!.GetValue<int>());
        Assert.Equal(0, response["archived"]!.GetValue<int>());
        var rootEvents = (await moto.FindingsAsync()).Where(f => f["GeneratorId"]!.GetValue<string>() == "root.event").ToDictionary(f => f["Id"]!.GetValue<string>(), f => f["RecordState"]!.GetValue<string>());
        Assert.Equal("ARCHIVED", rootEvents[old.Id]);
        Assert.Equal("ACTIVE", rootEvents[$"auditor/{Account}/us-east-1/root.event/f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61"]);

        // A second run changes none of them: the archived one stays archived, the young one stays active.
        var second = (await InvokeAsync(moto, BothRegions)).Response;
        Assert.Equal(0, second["expiredRootEvents"]!.GetValue<int>());
        Assert.Equal(2, (await moto.FindingsAsync()).Count(f => f["GeneratorId"]!.GetValue<string>() == "root.event"));
    }

    [Fact]
    public async Task Retention_comes_from_ROOT_EVENT_RETENTION_DAYS()
    {
        await ResetAndSeedAsync(moto, """{"securityHubRegions":["us-east-1"]}""");
        var old = RootEventFindings.Create(
            new RootEventRecord { EventId = "forty-days", EventName = "ListBuckets", EventTime = DateTimeOffset.UtcNow.AddDays(-40), AwsRegion = "us-east-1", EventSource = "s3.amazonaws.com", MfaUsed = false },
            Account,
            "aws",
            "us-east-1",
            DateTimeOffset.UtcNow.AddDays(-40));
        await moto.CallAsync("securityhub", "batch_import_findings", new JsonObject { ["Findings"] = new JsonArray(JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(old, AsffJsonContext.Default.AsffFinding))) });

        var kept = (await InvokeAsync(moto, """{"regions":["us-east-1"],"checks":["root.mfa"]}""", extraVariables: new Dictionary<string, string> { ["ROOT_EVENT_RETENTION_DAYS"] = "45" })).Response;
        Assert.Equal(0, kept["expiredRootEvents"]!.GetValue<int>());

        var expired = (await InvokeAsync(moto, """{"regions":["us-east-1"],"checks":["root.mfa"]}""", extraVariables: new Dictionary<string, string> { ["ROOT_EVENT_RETENTION_DAYS"] = "30" })).Response;
        Assert.Equal(1, expired["expiredRootEvents"]!.GetValue<int>());

        var refused = (await InvokeAsync(moto, """{"regions":["us-east-1"],"checks":["root.mfa"]}""", extraVariables: new Dictionary<string, string> { ["ROOT_EVENT_RETENTION_DAYS"] = "120" })).Error;
        Assert.Equal("InvalidConfiguration", refused.ErrorType);
        Assert.StartsWith("ROOT_EVENT_RETENTION_DAYS: ", refused.ErrorMessage, StringComparison.Ordinal);
    }

    private static int Rank(string label) => Array.IndexOf(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"], label);

    /// <summary>botocore's ParamValidator against securityhub's BatchImportFindings input shape; "" when valid.</summary>
    private static async Task<string> BotocoreErrorsAsync(JsonArray findings)
    {
        const string script = """
            import json, sys
            import botocore.session, botocore.validate
            shape = botocore.session.get_session().get_service_model('securityhub').operation_model('BatchImportFindings').input_shape
            report = botocore.validate.ParamValidator().validate({'Findings': json.load(open(sys.argv[1]))}, shape)
            print(report.generate_report() if report.has_errors() else '')
            """;
        var file = Path.Combine(Path.GetTempPath(), $"auditor-root-events-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, findings.ToJsonString());
        try
        {
            var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(PythonEnvironment.Executable, ["-c", script, file], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
            return exitCode == 0 ? stdout.Trim() : $"{PythonEnvironment.Executable} failed ({exitCode}): {stderr}";
        }
        finally
        {
            File.Delete(file);
        }
    }
}
