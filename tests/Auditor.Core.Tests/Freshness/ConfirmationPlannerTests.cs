using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Freshness.FreshnessFixtures;

namespace Auditor.Core.Tests.Freshness;

/// <summary>Which users a stale report's evaluation sends to live IAM calls: O(failing or changed users), never every user.</summary>
public sealed class ConfirmationPlannerTests
{
    private static readonly DateTimeOffset Generated = Now.AddHours(-3);

    [Fact]
    public void Selects_users_whose_results_the_report_makes_FAILED_and_trusts_the_rest()
    {
        var report = Report(
            Generated,
            UserRow("no-mfa", password: true, mfa: false, passwordUsedDaysAgo: 1),
            UserRow("old-key", keys: [(200, 1)]),
            UserRow("fine", password: true, mfa: true, passwordUsedDaysAgo: 1, keys: [(10, 1)]),
            UserRow("also-fine", keys: [(5, 2)]));
        var snapshot = Snapshot(report);

        var plan = ConfirmationPlanner.Plan(snapshot, Evaluate(snapshot), [], listed: null);

        Assert.Equal(["no-mfa", "old-key"], plan.Users.Select(u => u.UserName));
        Assert.All(plan.Users, u => Assert.Equal(ConfirmationReason.Failed, u.Reason));
        Assert.Empty(plan.Gone);
        Assert.False(plan.UsersListed);
    }

    [Fact]
    public void Selects_a_passing_result_whose_stored_finding_has_another_status_or_is_archived()
    {
        var report = Report(Generated, UserRow("was-failed", keys: [(10, 1)]), UserRow("was-archived", keys: [(10, 1)]), UserRow("same", keys: [(10, 1)]));
        var snapshot = Snapshot(report);
        var evaluation = Evaluate(snapshot);
        var stored = new[]
        {
            Stored(Result(evaluation, "iam.single-active-key", Arn("was-failed")), "FAILED"),
            Stored(Result(evaluation, "iam.access-key-rotation", Arn("was-archived")), "PASSED", RecordStates.Archived),
            Stored(Result(evaluation, "iam.access-key-rotation", Arn("same")), "PASSED"),
        };

        var plan = ConfirmationPlanner.Plan(snapshot, evaluation, stored, listed: null);

        Assert.Equal(["was-archived", "was-failed"], plan.Users.Select(u => u.UserName));
        Assert.All(plan.Users, u => Assert.Equal(ConfirmationReason.Changed, u.Reason));
    }

    [Fact]
    public void Selects_a_user_whose_stored_active_finding_the_report_no_longer_produces()
    {
        // A password created after the report, seen by an earlier live read: the stale report knows no password,
        // so iam.user-mfa produces nothing for the user and the finding would be archived as fixed.
        var earlier = Snapshot(Report(Generated, UserRow("late-password", password: true, mfa: false)));
        var stored = Stored(Result(Evaluate(earlier), "iam.user-mfa", Arn("late-password")), "FAILED");
        var snapshot = Snapshot(Report(Generated, UserRow("late-password", keys: [(10, 1)])));

        var plan = ConfirmationPlanner.Plan(snapshot, Evaluate(snapshot), [stored], listed: null);

        var user = Assert.Single(plan.Users);
        Assert.Equal(("late-password", ConfirmationReason.Changed), (user.UserName, user.Reason));
    }

    [Fact]
    public void With_ListUsers_finds_users_created_after_the_report_deleted_since_and_recreated()
    {
        var report = Report(
            Generated,
            UserRow("kept", keys: [(10, 1)], createdDaysAgo: 100),
            UserRow("deleted", password: true, mfa: false, createdDaysAgo: 100),
            UserRow("recreated", keys: [(10, 1)], createdDaysAgo: 100),
            UserRow("failing", keys: [(200, 1)], createdDaysAgo: 300));
        var snapshot = Snapshot(report);
        var listed = new[]
        {
            Listed("kept", 100),
            Listed("recreated", 0),
            Listed("failing", 300),
            Listed("new-console-user", 0),
        };

        var plan = ConfirmationPlanner.Plan(snapshot, Evaluate(snapshot), [], listed);

        Assert.True(plan.UsersListed);
        Assert.Equal("deleted", Assert.Single(plan.Gone).User);
        Assert.Equal(
            [("failing", ConfirmationReason.Failed), ("new-console-user", ConfirmationReason.CreatedAfterReport), ("recreated", ConfirmationReason.CreatedAfterReport)],
            plan.Users.Select(u => (u.UserName, u.Reason)));
        Assert.Null(plan.Users.Single(u => u.UserName == "new-console-user").ReportRow);
        Assert.NotNull(plan.Users.Single(u => u.UserName == "failing").Listed);
        Assert.Equal(2, plan.CreatedAfterReport);
    }

    [Fact]
    public void Plans_nothing_for_thousands_of_passing_users()
    {
        var rows = Enumerable.Range(0, 3000).Select(i => UserRow($"user{i:0000}", keys: [(10, 1)], createdDaysAgo: 50)).ToArray();
        var snapshot = Snapshot(Report(Generated, rows));
        var listed = Enumerable.Range(0, 3000).Select(i => Listed($"user{i:0000}", 50)).ToList();

        var plan = ConfirmationPlanner.Plan(snapshot, Evaluate(snapshot), [], listed);

        Assert.Empty(plan.Users);
        Assert.Empty(plan.Gone);
    }

    [Fact]
    public void Results_from_live_data_never_need_confirmation()
    {
        var live = new LiveUserCredentials { UserName = "live", Arn = Arn("live"), PasswordEnabled = true, MfaActive = false, ReadAt = Now }.ToReportRow();
        var report = Report(Generated) with { Users = [live] };
        var result = Result(Evaluate(Snapshot(report)), "iam.user-mfa", Arn("live"));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.False(ConfirmationPlanner.NeedsConfirmation(result, ConfirmationPlanner.FindingId(result, Account), new Dictionary<string, AsffFinding>()));
    }

    private static ListedUser Listed(string name, int createdDaysAgo) =>
        new(name, Arn(name), "AIDA" + name.ToUpperInvariant(), "/", Now - TimeSpan.FromDays(createdDaysAgo), null);
}
