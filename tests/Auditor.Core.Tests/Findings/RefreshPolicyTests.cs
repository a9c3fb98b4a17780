using Auditor.Core.Findings;
using Auditor.Core.Tests.Support;

namespace Auditor.Core.Tests.Findings;

/// <summary>When an unchanged finding is imported again, so that Security Hub never deletes it (90 days without an update).</summary>
public sealed class RefreshPolicyTests
{
    private static readonly RefreshPolicy Monthly = RefreshPolicy.Default;

    [Fact]
    public void Default_is_every_30_days_and_the_limits_are_0_and_60()
    {
        Assert.Equal(30, RefreshPolicy.Default.Days);
        Assert.Equal(0, RefreshPolicy.ImportEverything.Days);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RefreshPolicy(61));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RefreshPolicy(-1));
    }

    [Fact]
    public void A_finding_is_refreshed_once_per_cycle_on_its_own_day()
    {
        const string id = "auditor/123456789012/global/iam.user-mfa/arn:aws:iam::123456789012:user/bob";
        var updated = TestClock.Now;
        var imports = new List<DateTimeOffset>();

        // 120 nightly runs at 03:00 UTC; each import moves UpdatedAt to the run's time.
        for (var night = 1; night <= 120; night++)
        {
            var run = TestClock.Now.Date.AddDays(night).AddHours(3);
            if (Monthly.IsDue(id, updated, run))
            {
                imports.Add(run);
                updated = run;
            }
        }

        Assert.InRange(imports.Count, 4, 5);
        Assert.All(imports.Zip(imports.Skip(1)), pair => Assert.Equal(30, (pair.Second - pair.First).TotalDays));
        Assert.True((imports[0] - TestClock.Now).TotalDays <= 31);
    }

    [Fact]
    public void A_finding_past_the_refresh_age_is_due_whatever_its_day()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"auditor/123456789012/global/iam.user-mfa/user{i}");

        Assert.All(ids, id => Assert.True(Monthly.IsDue(id, TestClock.Now.AddDays(-30).AddMinutes(-1), TestClock.Now)));
    }

    [Fact]
    public void A_refresh_whose_night_had_no_run_happens_at_the_next_run()
    {
        const string id = "auditor/123456789012/us-east-1/guardduty.enabled/detector";
        var refreshDay = Monthly.LastRefreshDay(id, TestClock.Now);
        var updatedBefore = refreshDay.AddHours(-20);

        Assert.True(Monthly.IsDue(id, updatedBefore, refreshDay.AddDays(2).AddHours(3)));
        Assert.False(Monthly.IsDue(id, refreshDay.AddHours(3), refreshDay.AddDays(2).AddHours(3)));
    }

    [Fact]
    public void The_findings_of_a_freshly_created_account_refresh_on_different_days()
    {
        var created = TestClock.Now;
        var ids = Enumerable.Range(0, 3_000).Select(i => $"auditor/123456789012/global/iam.user-mfa/arn:aws:iam::123456789012:user/user{i}").ToList();

        var firstRefresh = ids
            .Select(id => Enumerable.Range(1, 31).First(night => Monthly.IsDue(id, created, created.AddDays(night))))
            .GroupBy(night => night)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(30, firstRefresh.Count);
        Assert.True(firstRefresh.Values.Max() < 3_000 / 30 * 2, $"the busiest night refreshes {firstRefresh.Values.Max()} of 3,000");
    }

    [Fact]
    public void The_day_of_a_finding_is_the_same_on_every_run()
    {
        const string id = "auditor/123456789012/global/iam.access-key-rotation/arn:aws:iam::123456789012:user/ci";

        Assert.Equal(Monthly.PhaseOf(id), new RefreshPolicy(30).PhaseOf(id));
        Assert.Equal(Monthly.LastRefreshDay(id, TestClock.Now), Monthly.LastRefreshDay(id, TestClock.Now.AddHours(5)));
    }

    [Fact]
    public void Zero_means_every_finding_every_run()
    {
        Assert.False(RefreshPolicy.ImportEverything.SkipsUnchanged);
        Assert.True(RefreshPolicy.ImportEverything.IsDue("any", TestClock.Now.AddMinutes(-1), TestClock.Now));
    }

    [Fact]
    public void A_stored_finding_without_UpdatedAt_is_due()
    {
        Assert.True(Monthly.IsDue("any", null, TestClock.Now));
    }
}
