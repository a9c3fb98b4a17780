using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;
using Auditor.Testing;
using static Auditor.Core.Tests.Freshness.FreshnessFixtures;

namespace Auditor.Core.Tests.Freshness;

/// <summary>Live answers replace the stale report's rows, and every finding says where its evidence came from and when.</summary>
public sealed class LiveConfirmationTests
{
    private static readonly DateTimeOffset Generated = Now.AddHours(-3);
    private static readonly DateTimeOffset ReadAt = Now.AddSeconds(2);

    [Fact]
    public void Report_age_and_staleness()
    {
        var report = Report(Generated);
        Assert.Equal(TimeSpan.FromHours(3), ReportStaleness.AgeOf(report, Now));
        Assert.True(ReportStaleness.IsStale(report, Now, TimeSpan.FromMinutes(15)));
        Assert.False(ReportStaleness.IsStale(report, Now, TimeSpan.FromHours(3)));
        Assert.False(ReportStaleness.IsStale(Report(Now.AddMinutes(-14)), Now, ReportStaleness.DefaultMaxAge));
        Assert.Equal(TimeSpan.Zero, ReportStaleness.AgeOf(Report(Now.AddMinutes(1)), Now));
    }

    [Fact]
    public void A_live_row_orders_keys_by_creation_and_carries_its_read_time()
    {
        var row = new LiveUserCredentials
        {
            UserName = "alice",
            Arn = Arn("alice"),
            CreateDate = Now.AddDays(-300),
            PasswordEnabled = true,
            PasswordCreated = Now.AddDays(-200),
            PasswordLastUsed = Now.AddDays(-1),
            MfaActive = true,
            AccessKeys =
            [
                new LiveAccessKey("AKIANEWER", false, Now.AddDays(-10)),
                new LiveAccessKey("AKIAOLDER", true, Now.AddDays(-100), Now.AddDays(-2), "eu-west-1", "s3"),
            ],
            ReadAt = ReadAt,
        }.ToReportRow();

        Assert.Equal(ReadAt, row.ConfirmedAt);
        Assert.True(row.PasswordEnabled);
        Assert.Equal(Now.AddDays(-200), row.PasswordLastChanged);
        Assert.Equal(new AccessKeyColumns(true, Now.AddDays(-100), Now.AddDays(-2), "eu-west-1", "s3"), row.AccessKey1);
        Assert.Equal(new AccessKeyColumns(false, Now.AddDays(-10), null, null, null), row.AccessKey2);
        Assert.Single(row.ActiveAccessKeys);

        var noPassword = new LiveUserCredentials { UserName = "bob", Arn = Arn("bob"), PasswordLastUsed = Now, ReadAt = ReadAt }.ToReportRow();
        Assert.False(noPassword.PasswordEnabled);
        Assert.Null(noPassword.PasswordLastUsed);
        Assert.Equal(AccessKeyColumns.None, noPassword.AccessKey1);
    }

    [Fact]
    public void Live_rows_replace_report_rows_deleted_users_go_and_new_users_join()
    {
        var report = Report(Generated, UserRow("alice", password: true), UserRow("bob", keys: [(200, 1)]), UserRow("carol", password: true), UserRow("dave"));
        var aliceLive = Live("alice", password: true, mfa: true);
        var ginaLive = Live("gina", password: true, mfa: false);

        var merged = ConfirmedReport.Apply(
            report,
            new Dictionary<string, CredentialReportRow> { ["alice"] = aliceLive, ["gina"] = ginaLive },
            new HashSet<string> { "carol" });

        Assert.Equal(["alice", "bob", "dave", "gina"], merged.Users.Select(u => u.User));
        Assert.Same(aliceLive, merged.Users[0]);
        Assert.Same(report.Users[1], merged.Users[1]);
        Assert.Equal(report.GeneratedTime, merged.GeneratedTime);
    }

    [Fact]
    public void Every_finding_says_where_its_evidence_came_from_and_when()
    {
        var report = Report(Generated, UserRow("from-report", password: true, mfa: false));
        report = report with { Users = [.. report.Users, Live("confirmed", password: true, mfa: true)] };
        var evaluation = Evaluate(Snapshot(report, stale: true));

        var fromReport = Finding(Result(evaluation, "iam.user-mfa", Arn("from-report")));
        var confirmed = Finding(Result(evaluation, "iam.user-mfa", Arn("confirmed")));

        Assert.Equal(EvidenceFields.CredentialReportSource, fromReport.ProductFields![EvidenceFields.Source]);
        Assert.Equal(AsffTimestampConverter.ToAsff(Generated), fromReport.ProductFields[EvidenceFields.Time]);
        Assert.Equal(EvidenceFields.LiveSource, confirmed.ProductFields![EvidenceFields.Source]);
        Assert.Equal(AsffTimestampConverter.ToAsff(ReadAt), confirmed.ProductFields[EvidenceFields.Time]);
        Assert.Equal("PASSED", confirmed.Compliance!.Status);
    }

    [Fact]
    public void Fresh_report_the_root_row_answers_for_root_with_the_reports_time()
    {
        var snapshot = Snapshot(Report(Now.AddMinutes(-5), RootRow(mfa: false, accessKey: true)), Summary(mfa: true, accessKeys: false), stale: false);
        var evaluation = Evaluate(snapshot, RootChecks);

        foreach (var check in new[] { "root.mfa", "root.access-keys", "root.hardware-mfa" })
        {
            var result = Result(evaluation, check, $"AWS::::Account:{Account}");
            Assert.Equal(ComplianceStatus.Failed, result.Status);
            Assert.Equal(EvidenceOrigin.FromReport(snapshot.CredentialReport.Value!), result.Origin);
        }
    }

    [Fact]
    public void Stale_report_the_account_summary_wins_over_the_root_row()
    {
        // Root MFA enabled and the root key deleted after AWS generated the report: the live summary says so.
        var snapshot = Snapshot(Report(Generated, RootRow(mfa: false, accessKey: true)), Summary(mfa: true, accessKeys: false), stale: true);
        var evaluation = Evaluate(snapshot, RootChecks);

        foreach (var check in new[] { "root.mfa", "root.access-keys", "root.hardware-mfa" })
        {
            var result = Result(evaluation, check, $"AWS::::Account:{Account}");
            Assert.Equal(ComplianceStatus.Passed, result.Status);
            Assert.Equal(EvidenceOrigin.Live(snapshot.CollectedAt), result.Origin);
        }

        Assert.Equal(RootCredentials.FromSummary, Result(evaluation, "root.mfa", $"AWS::::Account:{Account}").Evidence["auditor/RootStateSource"]);
    }

    [Fact]
    public void Stale_report_without_the_account_summary_falls_back_to_the_root_row()
    {
        var snapshot = Snapshot(Report(Generated, RootRow(mfa: true, accessKey: false)), summary: null, stale: true);
        var result = Result(Evaluate(snapshot, RootChecks), "root.mfa", $"AWS::::Account:{Account}");

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(EvidenceFields.CredentialReportSource, result.Origin!.Source);
    }

    [Fact]
    public void Counts_confirmed_and_overturned_results()
    {
        var report = Report(
            Generated,
            RootRow(mfa: false, accessKey: false),
            UserRow("fixed", password: true, mfa: false, passwordUsedDaysAgo: 1),
            UserRow("still-bad", keys: [(200, 1)]),
            UserRow("deleted", password: true, mfa: false, passwordUsedDaysAgo: 1),
            UserRow("fine", keys: [(10, 1)]));
        var checks = FreshnessFixtures.UserChecks.Concat(FreshnessFixtures.RootChecks).ToList();
        var staleSnapshot = Snapshot(report, Summary(mfa: true, accessKeys: false));
        var fromReport = Evaluate(staleSnapshot, checks);

        var confirmedReport = ConfirmedReport.Apply(
            report,
            new Dictionary<string, CredentialReportRow>
            {
                ["fixed"] = Live("fixed", password: true, mfa: true),
                ["still-bad"] = Live("still-bad", keys: [new LiveAccessKey("AKIAOLD", true, Now.AddDays(-200), Now.AddDays(-1))]),
            },
            new HashSet<string> { "deleted" });
        var final = Evaluate(staleSnapshot.With(EvidenceKinds.IamUsers, Gathered<CredentialReport>.Ok(confirmedReport)) with { CredentialReportStale = true }, checks);

        var summary = FreshnessSummary.Fresh(report, Now, TimeSpan.FromMinutes(15)).WithConfirmation(Account, fromReport, final, []);

        // FAILED from the report: fixed/user-mfa, still-bad/access-key-rotation, deleted/user-mfa, root.mfa, root.hardware-mfa.
        Assert.True(summary.Stale);
        Assert.Equal(5, summary.Confirmed);
        // Overturned: fixed (PASSED), deleted (gone), root.mfa (PASSED), root.hardware-mfa (PASSED, no virtual device).
        Assert.Equal(4, summary.Overturned);
        Assert.Equal(ComplianceStatus.Failed, Result(final, "iam.access-key-rotation", Arn("still-bad")).Status);
        Assert.DoesNotContain(final.Results, r => r.Resource.Id == Arn("deleted"));
    }

    [Fact]
    public void Unavailable_scopes_keep_their_stored_findings()
    {
        var evaluation = Evaluate(Snapshot(Report(Generated, UserRow("alice", password: true))));
        var scope = new FindingScope(Account, FindingScope.Global, "iam.user-mfa");
        Assert.Contains(scope, evaluation.EvaluatedScopes);

        var limited = evaluation.WithUnavailable([scope], "users could not be listed");

        Assert.DoesNotContain(scope, limited.EvaluatedScopes);
        Assert.Equal("users could not be listed", limited.UnavailableScopes[scope]);
        Assert.Equal(evaluation.Results, limited.Results);
    }

    private static CredentialReportRow Live(string name, bool password = false, bool mfa = false, IReadOnlyList<LiveAccessKey>? keys = null) => new LiveUserCredentials
    {
        UserName = name,
        Arn = Arn(name),
        CreateDate = Now.AddDays(-400),
        PasswordEnabled = password,
        PasswordCreated = password ? Now.AddDays(-400) : null,
        PasswordLastUsed = password ? Now.AddDays(-1) : null,
        MfaActive = mfa,
        AccessKeys = keys ?? [],
        ReadAt = ReadAt,
    }.ToReportRow();

    private static AsffFinding Finding(Auditor.Core.Checks.CheckResult result) =>
        FindingFactory.Create(result, Auditor.Core.Checks.CheckCatalog.Find(result.CheckId)!.Metadata, Account, "aws", "us-east-1", Now);
}
