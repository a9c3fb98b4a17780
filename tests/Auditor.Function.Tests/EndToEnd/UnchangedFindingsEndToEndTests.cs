using System.Globalization;
using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// Security Hub bills every imported finding: on moto, a rerun imports only what changed, keeps the rest alive on its
/// refresh day, and REFRESH_UNCHANGED_DAYS=0 imports everything as before. A person's workflow change in the console
/// is simulated by re-importing the stored finding with that workflow (moto has no BatchUpdateFindings).
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class UnchangedFindingsEndToEndTests
{
    private readonly MotoServer _moto;

    public UnchangedFindingsEndToEndTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task An_unchanged_rerun_imports_nothing_and_leaves_every_finding_as_it_was()
    {
        await ResetAndSeedAsync(_moto);
        var first = (await InvokeAsync(_moto, BothRegions)).Response;
        var before = await AllFindingsAsync(_moto);

        var run = await InvokeAsync(_moto, BothRegions);

        var response = run.Response;
        Assert.Equal(0, response["imported"]!.GetValue<int>());
        Assert.Equal(first["findings"]!.GetValue<int>(), response["unchanged"]!.GetValue<int>());
        Assert.Equal(0, response["apiCallsByOperation"]!["securityhub:BatchImportFindings"]?.GetValue<int>() ?? 0);
        Assert.Contains("\"unchanged\":" + response["unchanged"], run.Log, StringComparison.Ordinal);
        var after = await AllFindingsAsync(_moto);
        Assert.Equal(
            before.Select(f => (f.FindingId, f.Field("UpdatedAt"))).Order(),
            after.Select(f => (f.FindingId, f.Field("UpdatedAt"))).Order());
    }

    [Fact]
    public async Task One_fixed_user_imports_exactly_that_users_changed_finding()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var before = await AllFindingsAsync(_moto);

        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });
        var response = (await InvokeAsync(_moto, BothRegions)).Response;

        Assert.Equal(1, response["imported"]!.GetValue<int>());
        var after = await AllFindingsAsync(_moto);
        var changed = after.Where(f => f.Field("UpdatedAt") != before.Single(b => b.FindingId == f.FindingId).Field("UpdatedAt")).ToList();
        var fixedOne = Assert.Single(changed);
        Assert.Equal(("iam.user-mfa", UserArnPrefix + "console-no-mfa", "PASSED"), (fixedOne.Check, fixedOne.Resource, fixedOne.ComplianceStatus));
    }

    [Fact]
    public async Task REFRESH_UNCHANGED_DAYS_0_imports_every_finding_every_run()
    {
        await ResetAndSeedAsync(_moto);
        var first = (await InvokeAsync(_moto, BothRegions)).Response;

        var response = (await InvokeAsync(_moto, BothRegions, extraVariables: new Dictionary<string, string> { ["REFRESH_UNCHANGED_DAYS"] = "0" })).Response;

        Assert.Equal(first["findings"]!.GetValue<int>(), response["imported"]!.GetValue<int>());
        Assert.Equal(0, response["unchanged"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unchanged_finding_last_updated_past_the_refresh_age_is_imported_again_and_one_a_person_suppressed_is_not()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var stored = await AllFindingsAsync(_moto);
        var old = stored.Single(f => f.Check == "iam.user-mfa" && f.Resource == UserArnPrefix + "console-no-mfa");
        var suppressed = stored.Single(f => f.Check == "iam.unused-credentials" && f.Resource == UserArnPrefix + "stale-key");

        // As Security Hub would hold them: one last updated 31 days ago, one whose workflow a person set to SUPPRESSED.
        await Reimport(old, f => f["UpdatedAt"] = DateTimeOffset.UtcNow.AddDays(-31).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        await Reimport(suppressed, f => f["Workflow"] = new JsonObject { ["Status"] = "SUPPRESSED" });

        var response = (await InvokeAsync(_moto, BothRegions)).Response;

        Assert.Equal(1, response["imported"]!.GetValue<int>());
        var after = await AllFindingsAsync(_moto);
        var refreshed = after.Single(f => f.FindingId == old.FindingId);
        Assert.InRange(DateTimeOffset.UtcNow - DateTimeOffset.Parse(refreshed.Field("UpdatedAt"), CultureInfo.InvariantCulture), TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.Equal(old.Field("CreatedAt"), refreshed.Field("CreatedAt"));
        Assert.Equal("SUPPRESSED", after.Single(f => f.FindingId == suppressed.FindingId).Json["Workflow"]!["Status"]!.GetValue<string>());
    }

    private async Task Reimport(StoredFinding finding, Action<JsonObject> change)
    {
        var json = finding.Json.DeepClone().AsObject();
        change(json);
        var result = await _moto.CallAsync("securityhub", "batch_import_findings", new JsonObject { ["Findings"] = new JsonArray(json) }, finding.Region);
        Assert.Equal(1, result!["SuccessCount"]!.GetValue<int>());
    }
}
