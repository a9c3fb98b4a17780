using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>What changed since the last run, as the audit function's response reports it, between two runs on moto.</summary>
[Collection(MotoDefinition.Name)]
public sealed class ChangesEndToEndTests
{
    private readonly MotoServer _moto;

    public ChangesEndToEndTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task The_first_run_reports_every_failure_as_new()
    {
        await ResetAndSeedAsync(_moto);

        var run = await InvokeAsync(_moto, BothRegions);

        var failing = (await AllFindingsAsync(_moto)).Where(f => f.ComplianceStatus is "FAILED" or "WARNING").Select(f => f.FindingId).Order(StringComparer.Ordinal).ToList();
        var changes = run.Response["changes"]!;
        Assert.Equal(failing.Count, changes["new"]!["count"]!.GetValue<int>());
        Assert.Equal(failing, changes["new"]!["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(0, changes["regressed"]!["count"]!.GetValue<int>());
        Assert.Contains($"\"new\":{failing.Count}", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_regression_between_two_runs_is_reported_as_one_and_a_fix_as_fixed()
    {
        await ResetAndSeedAsync(_moto);
        _ = await InvokeAsync(_moto, BothRegions);
        var first = await AllFindingsAsync(_moto);

        // GuardDuty was on in us-east-1 (PASSED) and is switched off; the console user gets an MFA device.
        var detector = (await _moto.CallAsync("guardduty", "list_detectors", region: "us-east-1"))!["DetectorIds"]![0]!.GetValue<string>();
        await _moto.CallAsync("guardduty", "update_detector", new JsonObject { ["DetectorId"] = detector, ["Enable"] = false }, "us-east-1");
        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });
        var second = await InvokeAsync(_moto, BothRegions);

        var guardDuty = first.Single(f => f.Check == "guardduty.enabled" && f.Region == "us-east-1");
        var mfa = first.Single(f => f.Check == "iam.user-mfa" && f.Resource == UserArnPrefix + "console-no-mfa");
        var changes = second.Response["changes"]!;
        Assert.Equal([guardDuty.FindingId], Ids(changes["regressed"]));
        Assert.Equal([mfa.FindingId], Ids(changes["fixed"]));
        Assert.Empty(Ids(changes["new"]));
        Assert.Empty(Ids(changes["archived"]));
        Assert.Contains("\"regressed\":1", second.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_users_findings_are_reported_archived()
    {
        await ResetAndSeedAsync(_moto);
        _ = await InvokeAsync(_moto, BothRegions);
        var first = await AllFindingsAsync(_moto);

        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "stale-key" });
        var second = await InvokeAsync(_moto, BothRegions);

        Assert.Equal(
            first.Where(f => f.Resource == UserArnPrefix + "stale-key").Select(f => f.FindingId).Order(StringComparer.Ordinal),
            Ids(second.Response["changes"]!["archived"]));
    }

    private static List<string> Ids(JsonNode? list) => list!["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
}
