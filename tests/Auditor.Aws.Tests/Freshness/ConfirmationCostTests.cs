using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Aws.Tests.Freshness.FreshnessHarness;

namespace Auditor.Aws.Tests.Freshness;

/// <summary>
/// The cost of freshness in API calls: with a fresh report the calls stay flat in the number of users; with a stale
/// one they grow only with the failing users (moto behind <see cref="StaleReportProxy"/>, which dates the report).
/// Dry runs, so that reading and writing Security Hub (O(findings / 100) by nature) is not counted.
/// </summary>
[Collection("moto")]
public sealed class ConfirmationCostTests(MotoServer moto) : IAsyncLifetime
{
    private const int ManyUsers = 300;
    private static readonly string[] PerUserOperations = ["iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"];
    private StaleReportProxy _proxy = null!;

    public Task InitializeAsync()
    {
        _proxy = StaleReportProxy.Start(moto.Endpoint);
        _proxy.FreezeReport = false;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Fresh_report_calls_are_the_same_for_10_and_300_users()
    {
        _proxy.ReportAge = TimeSpan.FromMinutes(1);
        await SeedAsync(users: 10, failing: 3);
        var (_, few) = await AuditAsync(moto, _proxy, dryRun: true);
        await SeedAsync(users: ManyUsers, failing: 30);
        var (outcome, many) = await AuditAsync(moto, _proxy, dryRun: true);

        var rotation = outcome.Findings.Where(f => f.GeneratorId == "iam.access-key-rotation").ToList();
        Assert.Equal(ManyUsers, rotation.Count);
        Assert.Equal(30, rotation.Count(f => f.Compliance!.Status == "FAILED"));
        Assert.Equal(few.Calls, many.Calls);
        Assert.Equal(0, Calls(many, "iam:ListUsers"));
    }

    [Fact]
    public async Task Stale_report_calls_grow_with_the_failing_users_only()
    {
        _proxy.ReportAge = TimeSpan.FromHours(1);
        var perUser = new Dictionary<int, int>();
        foreach (var failing in new[] { 0, 10 })
        {
            await SeedAsync(users: ManyUsers, failing: failing);
            var (outcome, calls) = await AuditAsync(moto, _proxy, dryRun: true);
            Assert.True(outcome.Freshness.Stale);
            Assert.Equal(1, Calls(calls, "iam:ListUsers"));
            Assert.Equal(failing, Calls(calls, "iam:GetLoginProfile"));
            Assert.Equal(failing, Calls(calls, "iam:ListAccessKeys"));
            Assert.Equal(failing, Calls(calls, "iam:ListMFADevices"));
            Assert.Equal(failing, Calls(calls, "iam:GetAccessKeyLastUsed")); // one active key each
            Assert.Equal(failing, outcome.Freshness.Confirmed);
            perUser[failing] = PerUserOperations.Sum(op => Calls(calls, op));
        }

        Assert.Equal(0, perUser[0]);
        Assert.Equal(40, perUser[10]);
    }

    /// <summary>Users with one recent active key (passing every check); the failing ones' keys are 200 days old.</summary>
    private async Task SeedAsync(int users, int failing)
    {
        await moto.ResetAsync();
        var list = new JsonArray();
        for (var i = 0; i < users; i++)
        {
            list.Add(new JsonObject
            {
                ["name"] = $"user{i:0000}",
                ["keys"] = new JsonArray(new JsonObject { ["createdDaysAgo"] = i < failing ? 200 : 10, ["lastUsedDaysAgo"] = 1 }),
            });
        }

        await moto.SeedAsync(new JsonObject { ["users"] = list });
    }
}
