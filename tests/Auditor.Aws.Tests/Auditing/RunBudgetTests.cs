using Auditor.Aws.Tests.Support;
using Auditor.Core.Auditing;
using Auditor.Core.Evidence;
using Auditor.Testing;
using static Auditor.Aws.Tests.Support.CannedAws;

namespace Auditor.Aws.Tests.Auditing;

/// <summary>How the deadline becomes the points where reads stop and where no new work starts.</summary>
public sealed class RunBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Work_stops_starting_a_margin_before_the_deadline_and_reads_a_quarter_of_the_time_earlier()
    {
        var clock = new ManualClock(Start);
        var budget = new RunBudget(Start.AddMinutes(15), TimeSpan.FromSeconds(10), clock);

        Assert.Equal(Start.AddMinutes(15).AddSeconds(-10), budget.StopStartingWorkAt);
        // A quarter of 890 s is more than two minutes: the reserve for writing is capped at two minutes.
        Assert.Equal(RunBudget.MaxWriteReserve, budget.WriteReserve);
        Assert.Equal(budget.StopStartingWorkAt - RunBudget.MaxWriteReserve, budget.StopReadingAt);

        var shortRun = new RunBudget(Start.AddSeconds(42), TimeSpan.FromSeconds(2), clock);
        Assert.Equal(TimeSpan.FromSeconds(10), shortRun.WriteReserve);
        Assert.Equal(Start.AddSeconds(30), shortRun.StopReadingAt);
    }

    [Fact]
    public void The_clock_decides_what_may_still_start()
    {
        var clock = new ManualClock(Start);
        var budget = new RunBudget(Start.AddSeconds(42), TimeSpan.FromSeconds(2), clock);

        Assert.True(budget.MayRead && budget.MayStartWork);
        clock.Now = Start.AddSeconds(30);
        Assert.False(budget.MayRead);
        Assert.True(budget.MayStartWork);
        clock.Now = Start.AddSeconds(40);
        Assert.False(budget.MayStartWork);
    }

    [Fact]
    public void A_deadline_already_past_allows_nothing_and_no_deadline_allows_everything()
    {
        var past = new RunBudget(DateTimeOffset.UtcNow.AddSeconds(-5), TimeSpan.FromSeconds(1), TimeProvider.System);
        Assert.False(past.MayRead);
        Assert.False(past.MayStartWork);
        Assert.Equal(TimeSpan.Zero, past.WriteReserve);

        Assert.True(RunBudget.Unlimited.MayRead);
        Assert.True(RunBudget.Unlimited.MayStartWork);
        using var window = RunBudget.Unlimited.OpenReadWindow(CancellationToken.None);
        Assert.False(window.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task The_read_window_closes_at_its_time_and_tells_a_timeout_from_the_runs_own_cancellation()
    {
        var budget = new RunBudget(DateTimeOffset.UtcNow.AddMilliseconds(400), TimeSpan.Zero, TimeProvider.System, writeReserve: TimeSpan.Zero);
        using var window = budget.OpenReadWindow(CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(TimeSpan.FromSeconds(10), window.Token));
        Assert.True(window.TimedOut);

        using var stop = new CancellationTokenSource();
        var later = new RunBudget(DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.Zero, TimeProvider.System);
        using var cancelled = later.OpenReadWindow(stop.Token);
        await stop.CancelAsync();
        Assert.True(cancelled.Token.IsCancellationRequested);
        Assert.False(cancelled.TimedOut);
    }

    [Fact]
    public async Task Reads_cut_off_by_the_window_are_DeadlineReached_and_reads_that_finished_are_kept()
    {
        var aws = new CannedAws(async r =>
        {
            if (r.Path.StartsWith("/detector", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromSeconds(30), r.Cancellation);
            }

            return Xml("<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>");
        });
        var budget = new RunBudget(DateTimeOffset.UtcNow.AddSeconds(1), TimeSpan.Zero, TimeProvider.System, writeReserve: TimeSpan.Zero);

        var snapshot = await TestEvidence.CollectAsync(aws.Factory(), "123456789012", ["eu-west-1"], [EvidenceKinds.AccountSummary, EvidenceKinds.GuardDutyDetectors], budget);

        Assert.True(snapshot.AccountSummary.Succeeded);
        var guardDuty = Assert.Single(snapshot.GuardDuty).Value;
        Assert.False(guardDuty.Succeeded);
        Assert.Equal(RunBudget.DeadlineReached, guardDuty.FailureCode);
        Assert.Contains("next run", guardDuty.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_read_starts_once_its_time_has_passed()
    {
        var aws = new CannedAws(_ => Json("{}"));
        var spent = new RunBudget(DateTimeOffset.UtcNow.AddSeconds(-1), TimeSpan.Zero, TimeProvider.System);

        var snapshot = await TestEvidence.CollectAsync(aws.Factory(), "123456789012", ["eu-west-1", "us-east-1"], [EvidenceKinds.CredentialReport, EvidenceKinds.GuardDutyDetectors, EvidenceKinds.ShieldSubscription], spent);

        Assert.Empty(aws.Requests);
        Assert.Equal(RunBudget.DeadlineReached, snapshot.CredentialReport.FailureCode);
        Assert.Equal(RunBudget.DeadlineReached, snapshot.Shield.FailureCode);
        Assert.All(snapshot.GuardDuty, g => Assert.Equal(RunBudget.DeadlineReached, g.Value.FailureCode));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
