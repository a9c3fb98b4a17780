using System.Text.Json.Nodes;
using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// The invocation's deadline (Lambda-Runtime-Deadline-Ms) with a slow AWS: the run stops starting work before it,
/// writes what it fully evaluated, reports what it did not do (DeadlineReached, with the summary), archives nothing
/// for a scope it did not evaluate, and the next run completes the work.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class DeadlineTests
{
    /// <summary>Attempts that outlast the slow answers, so only the deadline stops them.</summary>
    private static readonly Auditor.Aws.Resilience.ResilienceOptions LongAttempts = Resilience with { AttemptTimeout = TimeSpan.FromSeconds(60) };

    private static readonly Dictionary<string, string> TwoSecondMargin = new() { ["DEADLINE_MARGIN_SECONDS"] = "2" };

    private readonly MotoServer _moto;

    public DeadlineTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task A_region_too_slow_to_read_before_the_deadline_is_reported_not_done_left_as_it_was_and_completed_by_the_next_run()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);

        // Fixed in eu-west-1 and in IAM: a complete run would turn both PASSED.
        var detector = (await _moto.CallAsync("guardduty", "list_detectors", region: "eu-west-1"))!["DetectorIds"]![0]!.GetValue<string>();
        await _moto.CallAsync("guardduty", "update_detector", new JsonObject { ["DetectorId"] = detector, ["Enable"] = true }, "eu-west-1");
        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });
        proxy.Add(new FaultRule("guardduty:ListDetectors", Fault.Slow) { Region = "eu-west-1", Delay = TimeSpan.FromSeconds(30), ForwardBeforeDelay = false });

        var started = DateTimeOffset.UtcNow;
        var run = await RunAsync(_moto, proxy, resilience: LongAttempts, deadline: started.AddSeconds(15), variables: TwoSecondMargin);
        var took = DateTimeOffset.UtcNow - started;

        Assert.Equal("DeadlineReached", run.Error.ErrorType);
        Assert.True(took < TimeSpan.FromSeconds(13), $"the run took {took.TotalSeconds:0.0} s of its 15");
        var summary = Summary(run);
        Assert.False(summary["complete"]!.GetValue<bool>());
        var scope = Assert.Single(summary["notDone"]!["scopes"]!.AsArray())!;
        Assert.Equal("eu-west-1", scope["region"]!.GetValue<string>());
        Assert.Equal("guardduty.enabled", scope["check"]!.GetValue<string>());
        Assert.Empty(summary["notDone"]!["findingsNotImported"]!.AsArray());
        Assert.Contains("guardduty.enabled in eu-west-1", run.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("scope not done before the deadline", run.Log, StringComparison.Ordinal);

        // What was evaluated is written (the other regional checks of eu-west-1 too); the scope not evaluated is
        // exactly as before; nothing archived.
        var after = await AllFindingsAsync(_moto);
        AssertEachOnce(after);
        Assert.Equal("PASSED", after.Single(f => f.Check == "iam.user-mfa" && f.Resource == UserArnPrefix + "console-no-mfa").ComplianceStatus);
        AssertUnchanged(before, after, f => f.Region == "eu-west-1" && f.Check == "guardduty.enabled");
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");

        proxy.ClearRules();
        _ = (await RunAsync(_moto, proxy)).Response;
        await AssertExactlyTheSampleFindingsAsync(_moto, (check, resource) => (check, resource) switch
        {
            ("eu-west-1 guardduty.enabled", _) => "PASSED",
            ("us-east-1 iam.user-mfa", "user/console-no-mfa") => "PASSED",
            _ => null,
        });
    }

    [Fact]
    public async Task An_import_cut_off_by_the_deadline_is_listed_as_not_imported_and_nothing_is_archived()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "stale-key" });
        var produced = (await PlannedFindingsAsync(_moto)).Count(f => f.Region == "us-east-1");
        var toArchive = before.Count(f => f.Resource == UserArnPrefix + "stale-key");
        proxy.ResetCounts();
        proxy.Add(new FaultRule("securityhub:BatchImportFindings", Fault.Slow) { Region = "us-east-1", Delay = TimeSpan.FromSeconds(30), ForwardBeforeDelay = false });

        var run = await RunAsync(_moto, proxy, resilience: LongAttempts, deadline: DateTimeOffset.UtcNow.AddSeconds(15), variables: TwoSecondMargin);

        Assert.Equal("DeadlineReached", run.Error.ErrorType);
        var summary = Summary(run);
        Assert.Empty(summary["notDone"]!["scopes"]!.AsArray());
        var notImported = summary["notDone"]!["findingsNotImported"]!.AsArray().Select(f => f!.AsObject()).ToList();

        // The findings still produced in us-east-1 and the archives of the deleted user, in one cut-off batch.
        Assert.Equal(produced + toArchive, notImported.Count);
        Assert.True(toArchive > 0, "the deleted user had findings to archive");
        Assert.All(notImported, f =>
        {
            Assert.Equal("us-east-1", f["Region"]!.GetValue<string>());
            Assert.Equal("DeadlineReached", f["ErrorCode"]!.GetValue<string>());
        });
        Assert.Equal(1, proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1"));
        Assert.Contains("finding not imported before the deadline", run.Log, StringComparison.Ordinal);

        var after = await AllFindingsAsync(_moto);
        AssertUnchanged(before, after, f => f.Region == "us-east-1");
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
    }

    [Fact]
    public async Task A_deadline_closer_than_the_margin_starts_no_work_and_writes_nothing()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);

        var run = await RunAsync(_moto, proxy, deadline: DateTimeOffset.UtcNow.AddSeconds(1.5), variables: TwoSecondMargin);

        Assert.Equal("DeadlineReached", run.Error.ErrorType);
        Assert.Empty(await AllFindingsAsync(_moto));
        Assert.Equal(0, proxy.CallsTo("securityhub:BatchImportFindings"));
    }

    [Fact]
    public async Task Reads_still_running_when_time_is_short_are_abandoned_so_that_the_rest_is_written()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("iam:GetCredentialReport", Fault.Slow) { Delay = TimeSpan.FromSeconds(30), ForwardBeforeDelay = false });

        var run = await RunAsync(_moto, proxy, resilience: LongAttempts, deadline: DateTimeOffset.UtcNow.AddSeconds(15), variables: TwoSecondMargin);

        Assert.Equal("DeadlineReached", run.Error.ErrorType);
        var summary = Summary(run);
        Assert.Equal(
            ReportOnlyChecks.Order(StringComparer.Ordinal),
            summary["notDone"]!["scopes"]!.AsArray().Select(s => s!["check"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Contains("root.activity", ReportOnlyChecks);

        // Nothing is written for the checks of the report (no guess, no NOT_AVAILABLE stand-in); everything else is.
        var findings = await AllFindingsAsync(_moto);
        AssertEachOnce(findings);
        Assert.Equal(
            ExpectedSampleTable((check, _) => ReportOnlyChecks.Any(c => check.EndsWith(" " + c, StringComparison.Ordinal)) ? "GONE" : null),
            CoveredTable(findings));
    }
}
