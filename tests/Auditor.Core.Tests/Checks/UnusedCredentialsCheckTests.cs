using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class UnusedCredentialsCheckTests
{
    private readonly UnusedCredentialsCheck _check = new();

    [Fact]
    public void UnusedCredentials_passes_for_key_unused_44_days()
    {
        Assert.Equal(ComplianceStatus.Passed, EvaluateOne(u => u.WithKey1(300, lastUsedDaysAgo: 44)).Status);
    }

    [Fact]
    public void UnusedCredentials_fails_for_key_unused_45_days()
    {
        Assert.Equal(ComplianceStatus.Failed, EvaluateOne(u => u.WithKey1(300, lastUsedDaysAgo: 45)).Status);
    }

    [Fact]
    public void UnusedCredentials_fails_for_key_unused_46_days()
    {
        var result = EvaluateOne(u => u.WithKey1(300, lastUsedDaysAgo: 46));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Contains($"access key 1 last used {TestClock.FindingDaysAgo(46)} (unused for 45 days or more)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_used_just_under_45_days_ago_passes()
    {
        Assert.Equal(ComplianceStatus.Passed, EvaluateOne(u => u.WithKey1(300, lastUsedDaysAgo: 44.99)).Status);
    }

    [Theory]
    [InlineData(44, ComplianceStatus.Passed)]
    [InlineData(45, ComplianceStatus.Failed)]
    [InlineData(46, ComplianceStatus.Failed)]
    public void Console_password_unused_for_the_threshold_fails(double lastUsedDaysAgo, ComplianceStatus expected)
    {
        Assert.Equal(expected, EvaluateOne(u => u.WithPassword(lastUsedDaysAgo, 400).WithMfa()).Status);
    }

    [Fact]
    public void Key_created_yesterday_and_never_used_passes()
    {
        var result = EvaluateOne(u => u.CreatedDaysAgo(1).WithKey1(1, lastUsedDaysAgo: null));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("never", result.Evidence["auditor/AccessKey1LastUsed"]);
    }

    [Fact]
    public void Key_never_used_counts_from_its_creation()
    {
        var result = EvaluateOne(u => u.CreatedDaysAgo(400).WithKey1(46, lastUsedDaysAgo: null));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains($"access key 1 never used, created {TestClock.FindingDaysAgo(46)}", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Password_never_used_counts_from_password_last_changed_not_user_creation()
    {
        var recentlySet = EvaluateOne(u => u.CreatedDaysAgo(400).WithPassword(null, changedDaysAgo: 10));
        var setLongAgo = EvaluateOne(u => u.CreatedDaysAgo(400).WithPassword(null, changedDaysAgo: 60));

        Assert.Equal(ComplianceStatus.Passed, recentlySet.Status);
        Assert.Equal(ComplianceStatus.Failed, setLongAgo.Status);
        Assert.Contains($"console password never used, set {TestClock.FindingDaysAgo(60)}", setLongAgo.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, ComplianceStatus.Passed)]
    [InlineData(50, ComplianceStatus.Failed)]
    public void Password_never_used_without_last_changed_counts_from_user_creation(double createdDaysAgo, ComplianceStatus expected)
    {
        var result = EvaluateOne(u =>
        {
            u.CreatedDaysAgo(createdDaysAgo).WithPassword(null, 1);
            u.PasswordLastChanged = "N/A";
            return u;
        });

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public void Inactive_keys_are_not_credentials_in_use()
    {
        var result = EvaluateOne(u => u.WithKey1(700, 600, active: false).WithKey2(300, null, active: false));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.False(result.Evidence.ContainsKey("auditor/AccessKey1LastUsed"));
    }

    [Fact]
    public void Fails_when_only_the_second_key_is_unused()
    {
        var result = EvaluateOne(u => u.WithKey1(20, 1).WithKey2(300, 100));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("access key 2", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("access key 1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void User_without_password_or_keys_passes()
    {
        Assert.Equal(ComplianceStatus.Passed, EvaluateOne(u => u).Status);
    }

    [Fact]
    public void Threshold_comes_from_the_settings()
    {
        var report = new CredentialReportBuilder().User("ci", u => u.WithKey1(300, lastUsedDaysAgo: 46));

        var lenient = Assert.Single(Run(_check, WithReport(report), new AuditSettings { UnusedCredentialsDays = 90 }));
        var strict = Assert.Single(Run(_check, WithReport(report), new AuditSettings { UnusedCredentialsDays = 30 }));
        var byDefault = Assert.Single(Run(_check, WithReport(report)));

        Assert.Equal(ComplianceStatus.Passed, lenient.Status);
        Assert.Equal("90", lenient.Evidence["auditor/ThresholdDays"]);
        Assert.Equal(ComplianceStatus.Failed, strict.Status);
        Assert.Equal(ComplianceStatus.Failed, byDefault.Status);
        Assert.Equal("45", byDefault.Evidence["auditor/ThresholdDays"]);
    }

    [Fact]
    public void Evaluates_every_user_of_the_real_report_and_not_root()
    {
        var results = Run(_check, WithReport(Fixture.RealReport));

        Assert.Equal(5, results.Count);
        Assert.DoesNotContain(results, r => r.Resource.Id.EndsWith(":root", StringComparison.Ordinal));
        Assert.Equal(ComplianceStatus.Passed, results.ForUser("alice").Status);
        Assert.Equal(ComplianceStatus.Passed, results.ForUser("bob").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForUser("dave").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForUser("ops,oncall").Status);
        Assert.Equal(ComplianceStatus.Passed, results.ForUser("erin").Status);
        Assert.Contains("access key 1 last used 2026-10-06T06:00:00.000Z", results.ForUser("ops,oncall").Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_available_when_the_report_could_not_be_read()
    {
        var snapshot = Empty().WithCredentialReport(AccessDenied<CredentialReport>("iam:GetCredentialReport"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.NotNull(result.StatusReason);
    }

    private CheckResult EvaluateOne(Func<ReportRow, ReportRow> user) =>
        Assert.Single(Run(_check, WithReport(new CredentialReportBuilder().User("subject", user))));
}
