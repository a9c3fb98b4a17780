using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Aws.Resilience;
using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// Runs the audit function through a <see cref="FaultProxy"/> in front of the shared moto (the same path as
/// <see cref="AuditHarness.InvokeAsync"/>), and the checks every fault test makes of what Security Hub then holds.
/// </summary>
internal static class FaultRuns
{
    /// <summary>
    /// Retries that finish fast: 3 retries (4 attempts) per call, millisecond back-off. The attempt timeout is long, so
    /// that a busy machine never adds a retry the test did not inject; tests of slow answers shorten it.
    /// </summary>
    public static ResilienceOptions Resilience { get; } = new()
    {
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>For slow answers: 2 s per attempt, and retries to spare in case a busy machine is slow too.</summary>
    public static ResilienceOptions ShortAttempts { get; } = Resilience with { AttemptTimeout = TimeSpan.FromSeconds(2), MaxRetryAttempts = 5 };

    public static int AttemptsPerCall => Resilience.MaxRetryAttempts + 1;

    /// <summary>
    /// Fault runs import every finding, changed or not (REFRESH_UNCHANGED_DAYS=0), unless a test sets the variable:
    /// a rerun's faults are meant to hit a full import path, not one with nothing to import.
    /// </summary>
    public const string ImportEverythingDays = "0";

    public static Task<AuditRun> RunAsync(
        MotoServer moto,
        FaultProxy proxy,
        string eventJson = AuditHarness.BothRegions,
        ResilienceOptions? resilience = null,
        DateTimeOffset? deadline = null,
        IReadOnlyDictionary<string, string>? variables = null,
        Func<AWSCredentials>? credentials = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["REFRESH_UNCHANGED_DAYS"] = ImportEverythingDays };
        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        all["AWS_ENDPOINT_URL"] = proxy.EndpointUrl;
        return AuditHarness.InvokeAsync(moto, eventJson, extraVariables: all, resilience: resilience ?? Resilience, deadline: deadline, credentials: credentials);
    }

    /// <summary>
    /// Security Hub holds exactly the sample world's findings (of the checks the sample table covers; every other check
    /// has some), each once, none archived.
    /// </summary>
    public static async Task<IReadOnlyList<StoredFinding>> AssertExactlyTheSampleFindingsAsync(MotoServer moto, Func<string, string, string?>? overrides = null)
    {
        var findings = await AuditHarness.AllFindingsAsync(moto);
        AssertEachOnce(findings);
        Assert.Equal(AuditHarness.ExpectedSampleTable(overrides), AuditHarness.CoveredTable(findings));
        Assert.All(Auditor.Core.Checks.CheckCatalog.Ids.Except(AuditHarness.SampleTableChecks), id => Assert.Contains(findings, f => f.Check == id));
        Assert.DoesNotContain(findings, f => f.State == "ARCHIVED");
        return findings;
    }

    public static void AssertEachOnce(IReadOnlyList<StoredFinding> findings)
    {
        var repeated = findings.GroupBy(f => (f.Region, f.FindingId)).Where(g => g.Count() > 1).Select(g => g.Key.FindingId).ToList();
        Assert.True(repeated.Count == 0, "findings stored more than once: " + string.Join(", ", repeated));
    }

    /// <summary>Every finding of <paramref name="before"/> that <paramref name="which"/> picks is stored exactly as it was.</summary>
    public static void AssertUnchanged(IReadOnlyList<StoredFinding> before, IReadOnlyList<StoredFinding> after, Func<StoredFinding, bool> which)
    {
        var subject = before.Where(which).ToList();
        Assert.NotEmpty(subject);
        foreach (var old in subject)
        {
            var now = after.Single(f => f.Region == old.Region && f.FindingId == old.FindingId);
            Assert.True(JsonNode.DeepEquals(old.Json, now.Json), $"{old.Line} changed:\n{old.Json.ToJsonString()}\n->\n{now.Json.ToJsonString()}");
        }
    }

    /// <summary>The JSON summary a <c>DeadlineReached</c> or <c>ImportFailed</c> error carries after "Summary: ".</summary>
    public static JsonObject Summary(AuditRun run)
    {
        var message = run.Error.ErrorMessage;
        var at = message.IndexOf("Summary: ", StringComparison.Ordinal);
        Assert.True(at >= 0, "no summary in the error: " + message);
        return JsonNode.Parse(message[(at + "Summary: ".Length)..])!.AsObject();
    }

    public static int Count(JsonObject response, string map, string key) =>
        response[map]?[key]?.GetValue<int>() ?? 0;

    /// <summary>The response's calls agree with what the proxy saw, and no call needed more retries than allowed.</summary>
    public static void AssertCallsAgree(JsonObject response, FaultProxy proxy)
    {
        var calls = response["apiCallsByOperation"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());
        var seen = proxy.Calls.GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(seen.OrderBy(p => p.Key, StringComparer.Ordinal), calls.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(proxy.Calls.Count, response["apiCalls"]!.GetValue<int>());
    }
}
