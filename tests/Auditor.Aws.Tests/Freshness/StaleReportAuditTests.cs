using System.Globalization;
using System.Text.Json.Nodes;
using Auditor.Core.Findings;
using Auditor.Testing;
using static Auditor.Aws.Tests.Freshness.FreshnessHarness;

namespace Auditor.Aws.Tests.Freshness;

/// <summary>
/// End to end against moto: seed problems, audit, fix them, audit again at once, while AWS would still hand out the
/// old credential report. moto regenerates its report on every request and always dates it 2015-02-02, so it cannot
/// show staleness by itself: these tests put IAM behind <see cref="StaleReportProxy"/>, which keeps serving the first
/// report it saw and dates it as the test says.
/// </summary>
[Collection("moto")]
public sealed class StaleReportAuditTests(MotoServer moto) : IAsyncLifetime
{
    private StaleReportProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        _proxy = StaleReportProxy.Start(moto.Endpoint);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Every_fixed_problem_is_PASSED_or_archived_right_after_the_fix_and_a_user_created_since_is_evaluated()
    {
        await moto.SeedAsync("""
            {"users": [
              {"name": "alice", "password": true, "passwordLastUsedDaysAgo": 1},
              {"name": "bob", "keys": [{"createdDaysAgo": 200, "lastUsedDaysAgo": 1}]},
              {"name": "carol", "password": true, "passwordLastUsedDaysAgo": 2, "keys": [{"createdDaysAgo": 120, "lastUsedDaysAgo": 3}]},
              {"name": "dave", "keys": [{"createdDaysAgo": 10, "lastUsedDaysAgo": 1}, {"createdDaysAgo": 5, "lastUsedDaysAgo": 1}]},
              {"name": "erin", "keys": [{"createdDaysAgo": 60}]},
              {"name": "frank", "password": true, "passwordLastUsedDaysAgo": 1, "mfa": true, "keys": [{"createdDaysAgo": 10, "lastUsedDaysAgo": 1}]}],
             "securityHubRegions": ["us-east-1"], "rootMfaEnabled": false, "rootAccessKeysPresent": true}
            """);
        var problems = new[]
        {
            FindingId("iam.user-mfa", UserArn("alice")),
            FindingId("iam.access-key-rotation", UserArn("bob")),
            FindingId("iam.user-mfa", UserArn("carol")),
            FindingId("iam.access-key-rotation", UserArn("carol")),
            FindingId("iam.single-active-key", UserArn("dave")),
            FindingId("iam.unused-credentials", UserArn("erin")),
            FindingId("root.mfa", Account),
            FindingId("root.hardware-mfa", Account),
            FindingId("root.access-keys", Account),
        };

        // 1. A report generated a minute ago is fresh: trusted as it is, no live call.
        _proxy.ReportAge = TimeSpan.FromMinutes(1);
        var (first, firstCalls) = await AuditAsync(moto, _proxy);
        Assert.False(first.Freshness.Stale);
        Assert.Equal(0, Calls(firstCalls, "iam:ListUsers") + Calls(firstCalls, "iam:GetLoginProfile") + Calls(firstCalls, "iam:ListAccessKeys"));
        var stored = await FindingsById();
        Assert.All(problems, id => Assert.Equal("FAILED", Status(stored[id])));

        // 2. Fix everything, and create a console user without MFA. AWS would keep the first report for hours.
        await moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "alice" });
        await Deactivate("bob", 0);
        await moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "carol" });
        await Deactivate("dave", 1);
        await Deactivate("erin", 0);
        await moto.SeedAsync("""{"rootMfaEnabled": true, "rootAccessKeysPresent": false}""");
        await moto.SeedAsync("""{"users": [{"name": "gina", "password": true}]}""");

        // The same report, still dated a minute ago: trusted, so nothing looks fixed (the price of trusting a fresh report).
        var (trusted, _) = await AuditAsync(moto, _proxy, dryRun: true);
        Assert.Equal("FAILED", trusted.Findings.Single(f => f.Id == FindingId("iam.user-mfa", UserArn("alice"))).Compliance!.Status);
        Assert.DoesNotContain(trusted.Findings, f => f.Id == FindingId("iam.user-mfa", UserArn("gina")));

        // 3. The same report, now two hours old: stale, so what it says is wrong is confirmed live.
        _proxy.ReportAge = TimeSpan.FromHours(2);
        var (second, calls) = await AuditAsync(moto, _proxy);
        stored = await FindingsById();

        Assert.All(problems, id => Assert.True(
            Status(stored[id]) == "PASSED" || stored[id]["RecordState"]!.GetValue<string>() == RecordStates.Archived,
            $"{id} is {Status(stored[id])} {stored[id]["RecordState"]}"));
        Assert.All(stored.Values.Where(f => f["Id"]!.GetValue<string>().Contains("user/carol", StringComparison.Ordinal)), f => Assert.Equal(RecordStates.Archived, f["RecordState"]!.GetValue<string>()));
        Assert.All(problems.Where(p => !p.Contains("carol", StringComparison.Ordinal)), id => Assert.Equal(RecordStates.Active, stored[id]["RecordState"]!.GetValue<string>()));

        var gina = stored[FindingId("iam.user-mfa", UserArn("gina"))];
        Assert.Equal("FAILED", Status(gina));
        Assert.Equal(EvidenceFields.LiveSource, Field(gina, EvidenceFields.Source));

        var alice = stored[FindingId("iam.user-mfa", UserArn("alice"))];
        Assert.Equal(EvidenceFields.LiveSource, Field(alice, EvidenceFields.Source));
        Assert.InRange(DateTimeOffset.UtcNow - Time(alice), TimeSpan.Zero, TimeSpan.FromMinutes(5));

        // A user the report shows passing is trusted: its evidence is the report, dated two hours ago. Security Hub
        // already holds that finding as it is (only the evidence time moved), so it is left unchanged, not imported.
        var frank = second.Findings.Single(f => f.Id == FindingId("iam.user-mfa", UserArn("frank")));
        Assert.Equal(("PASSED", EvidenceFields.CredentialReportSource), (frank.Compliance!.Status, frank.ProductFields![EvidenceFields.Source]));
        Assert.InRange((DateTimeOffset.UtcNow - DateTimeOffset.Parse(frank.ProductFields[EvidenceFields.Time], CultureInfo.InvariantCulture)).TotalMinutes, 119, 122);
        Assert.InRange((DateTimeOffset.UtcNow - Time(stored[frank.Id])).TotalMinutes, 0, 5);
        Assert.True(second.Unchanged > 0);

        var freshness = second.Freshness;
        Assert.True(freshness.Stale);
        Assert.InRange(freshness.ReportAge!.Value.TotalMinutes, 119, 122);
        Assert.Equal(1, freshness.LiveUsers);
        Assert.Equal(1, freshness.DeletedUsers);
        Assert.Equal(0, freshness.Unconfirmed);
        Assert.Equal(6, freshness.Confirmed); // alice, bob, carol x2, dave, erin (moto's report has no root row: root was live already)
        Assert.Equal(6, freshness.Overturned);

        // Live calls only for the users that failed (carol is known gone from ListUsers) and the one created since.
        Assert.Equal(1, Calls(calls, "iam:ListUsers"));
        Assert.Equal(5, Calls(calls, "iam:GetLoginProfile"));
        Assert.Equal(5, Calls(calls, "iam:ListMFADevices"));
        Assert.Equal(5, Calls(calls, "iam:ListAccessKeys"));
        Assert.Equal(1, Calls(calls, "iam:GetAccountSummary"));
    }

    [Fact]
    public async Task Root_fixes_win_over_a_stale_root_row()
    {
        // AWS's reports have a <root_account> row and moto's do not: the proxy adds one saying no MFA and an active key.
        _proxy.RootRow = $"<root_account>,arn:aws:iam::{MotoServer.AccountId}:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,false,true,2021-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        await moto.SeedAsync("""{"securityHubRegions": ["us-east-1"], "rootMfaEnabled": false, "rootAccessKeysPresent": true}""");
        var root = new[] { FindingId("root.mfa", Account), FindingId("root.access-keys", Account), FindingId("root.hardware-mfa", Account) };

        _proxy.ReportAge = TimeSpan.FromMinutes(1);
        await AuditAsync(moto, _proxy);
        var stored = await FindingsById();
        Assert.All(root, id => Assert.Equal(("FAILED", EvidenceFields.CredentialReportSource), (Status(stored[id]), Field(stored[id], EvidenceFields.Source))));

        await moto.SeedAsync("""{"rootMfaEnabled": true, "rootAccessKeysPresent": false}""");
        _proxy.ReportAge = TimeSpan.FromHours(3);
        var (outcome, calls) = await AuditAsync(moto, _proxy);
        stored = await FindingsById();

        Assert.All(root, id => Assert.Equal(("PASSED", EvidenceFields.LiveSource), (Status(stored[id]), Field(stored[id], EvidenceFields.Source))));
        Assert.Equal(3, outcome.Freshness.Confirmed);
        Assert.Equal(3, outcome.Freshness.Overturned);
        Assert.Equal(1, Calls(calls, "iam:GetAccountSummary"));
    }

    [Fact]
    public async Task Without_ListUsers_the_user_scopes_keep_their_findings_and_say_why()
    {
        await moto.SeedAsync("""
            {"users": [{"name": "alice", "password": true, "passwordLastUsedDaysAgo": 1}, {"name": "bob", "keys": [{"createdDaysAgo": 5, "lastUsedDaysAgo": 1}]}],
             "securityHubRegions": ["us-east-1"]}
            """);
        _proxy.ReportAge = TimeSpan.FromMinutes(1);
        await AuditAsync(moto, _proxy);

        // bob is deleted and alice gets MFA; the role lacks iam:ListUsers (a deployment from before this feature).
        await moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "bob" });
        await moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "alice" });
        _proxy.Deny("ListUsers");
        _proxy.ReportAge = TimeSpan.FromHours(1);
        var (outcome, _) = await AuditAsync(moto, _proxy);
        var stored = await FindingsById();

        Assert.Equal("PASSED", Status(stored[FindingId("iam.user-mfa", UserArn("alice"))]));
        Assert.Contains(outcome.UnavailableScopes, s => s.Key.CheckId == "iam.user-mfa" && s.Value.Contains("AccessDenied", StringComparison.Ordinal));
        // bob passed in the report, so nothing asked about him: his findings stay, never archived for lack of data.
        Assert.Equal(RecordStates.Active, stored[FindingId("iam.single-active-key", UserArn("bob"))]["RecordState"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_live_read_keeps_the_reports_answer_and_is_counted()
    {
        await moto.SeedAsync("""{"users": [{"name": "alice", "password": true, "passwordLastUsedDaysAgo": 1}]}""");
        _proxy.Deny("ListMFADevices");
        _proxy.ReportAge = TimeSpan.FromHours(1);

        var (outcome, _) = await AuditAsync(moto, _proxy, dryRun: true);

        var alice = outcome.Findings.Single(f => f.Id == FindingId("iam.user-mfa", UserArn("alice")));
        Assert.Equal(("FAILED", EvidenceFields.CredentialReportSource), (alice.Compliance!.Status, alice.ProductFields![EvidenceFields.Source]));
        Assert.Equal(1, outcome.Freshness.Unconfirmed);
        Assert.Contains("AccessDenied", outcome.Freshness.UnconfirmedReason, StringComparison.Ordinal);
        Assert.Equal(0, outcome.Freshness.Confirmed);
    }

    private async Task Deactivate(string user, int index)
    {
        var keys = (await moto.CallAsync("iam", "list_access_keys", new JsonObject { ["UserName"] = user }))!["AccessKeyMetadata"]!.AsArray()
            .OrderBy(k => k!["CreateDate"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        await moto.CallAsync("iam", "update_access_key", new JsonObject
        {
            ["UserName"] = user,
            ["AccessKeyId"] = keys[index]!["AccessKeyId"]!.GetValue<string>(),
            ["Status"] = "Inactive",
        });
    }

    private async Task<Dictionary<string, JsonObject>> FindingsById() =>
        (await moto.FindingsAsync()).ToDictionary(f => f["Id"]!.GetValue<string>(), StringComparer.Ordinal);

    private static string Status(JsonObject finding) => finding["Compliance"]!["Status"]!.GetValue<string>();

    private static string Field(JsonObject finding, string key) => finding["ProductFields"]![key]!.GetValue<string>();

    private static DateTimeOffset Time(JsonObject finding) =>
        DateTimeOffset.Parse(Field(finding, EvidenceFields.Time), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
