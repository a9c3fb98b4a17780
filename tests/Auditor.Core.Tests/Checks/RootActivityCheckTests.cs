using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RootActivityCheckTests
{
    private readonly RootActivityCheck _check = new();

    [Fact]
    public void Passes_when_root_was_last_used_a_month_ago()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RealReport)));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal("AwsAccount", result.Resource.Type);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Null(result.Region);
        Assert.Equal("2026-10-26T08:31:00.000Z", result.Evidence["auditor/RootPasswordLastUsed"]);
    }

    [Fact]
    public void Fails_with_high_severity_when_root_signed_in_and_used_its_key_this_week()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RootUsedRecently)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Contains("password last used 2026-11-23T06:10:00.000Z", result.Description, StringComparison.Ordinal);
        Assert.Contains("access key 1 last used 2026-11-24T03:00:00.000Z", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_when_root_password_was_never_used()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RootOnly)));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("never", result.Evidence["auditor/RootPasswordLastUsed"]);
    }

    [Theory]
    [InlineData(0.1, ComplianceStatus.Failed)]
    [InlineData(6.9, ComplianceStatus.Failed)]
    [InlineData(7, ComplianceStatus.Failed)]
    [InlineData(7.1, ComplianceStatus.Passed)]
    [InlineData(30, ComplianceStatus.Passed)]
    public void Root_password_use_counts_within_the_seven_day_lookback(double daysAgo, ComplianceStatus expected)
    {
        var report = new CredentialReportBuilder().Root(r => r.PasswordLastUsed = TestClock.ReportDaysAgo(daysAgo));

        Assert.Equal(expected, Assert.Single(Run(_check, WithReport(report))).Status);
    }

    [Fact]
    public void Fails_when_only_root_access_key_2_was_used_recently()
    {
        var report = new CredentialReportBuilder().Root(r => r.WithKey2(400, 2));

        var result = Assert.Single(Run(_check, WithReport(report)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("access key 2", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("password last used", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookback_comes_from_the_settings()
    {
        var report = new CredentialReportBuilder().Root(r => r.PasswordLastUsed = TestClock.ReportDaysAgo(10));

        var byDefault = Assert.Single(Run(_check, WithReport(report)));
        var twoWeeks = Assert.Single(Run(_check, WithReport(report), new AuditSettings { RootActivityLookbackDays = 14 }));

        Assert.Equal(ComplianceStatus.Passed, byDefault.Status);
        Assert.Equal(ComplianceStatus.Failed, twoWeeks.Status);
        Assert.Equal("14", twoWeeks.Evidence["auditor/LookbackDays"]);
    }

    [Fact]
    public void Users_activity_does_not_count_as_root_activity()
    {
        var report = new CredentialReportBuilder().User("admin", u => u.WithPassword(0.5, 10).WithKey1(10, 0.2));

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, WithReport(report))).Status);
    }

    [Fact]
    public void Not_available_when_the_report_has_no_root_row()
    {
        // moto's report has no <root_account> row; the account summary says nothing about when root was used,
        // so there is no fallback: the check must not pass.
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(Summary(1, 0));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("NoRootRow", result.StatusReason?.ReasonCode);
        Assert.Equal(Severity.Informational, result.Severity);
    }

    [Fact]
    public void Not_available_with_the_reason_when_the_report_could_not_be_read()
    {
        var snapshot = Empty().WithCredentialReport(AccessDenied<CredentialReport>("iam:GetCredentialReport"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason?.ReasonCode);
        Assert.Contains("iam:GetCredentialReport", result.StatusReason?.Description, StringComparison.Ordinal);
        Assert.Contains("iam:GetCredentialReport", result.Description, StringComparison.Ordinal);
        Assert.Equal(AccountResourceId, result.Resource.Id);
    }
}
