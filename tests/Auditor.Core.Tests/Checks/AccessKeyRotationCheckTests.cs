using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class AccessKeyRotationCheckTests
{
    private readonly AccessKeyRotationCheck _check = new();

    [Fact]
    public void AccessKeyRotation_passes_for_key_89_days_old()
    {
        Assert.Equal(ComplianceStatus.Passed, EvaluateOne(u => u.WithKey1(89, 1)).Status);
    }

    [Fact]
    public void AccessKeyRotation_fails_for_key_90_days_old()
    {
        var result = EvaluateOne(u => u.WithKey1(90, 1));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Contains($"access key 1 created {TestClock.FindingDaysAgo(90)}, 90 days or more ago", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_used_every_day_but_never_rotated_fails()
    {
        Assert.Equal(ComplianceStatus.Failed, EvaluateOne(u => u.WithKey1(400, 0.1)).Status);
    }

    [Fact]
    public void Old_inactive_key_is_ignored()
    {
        var result = EvaluateOne(u => u.WithKey1(400, 300, active: false).WithKey2(10, 1));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.False(result.Evidence.ContainsKey("auditor/AccessKey1LastRotated"));
    }

    [Fact]
    public void Fails_when_only_the_second_key_is_old()
    {
        var result = EvaluateOne(u => u.WithKey1(10, 1).WithKey2(120, 1));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains($"access key 2 created {TestClock.FindingDaysAgo(120)}, 90 days or more ago", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("access key 1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void User_without_active_keys_passes()
    {
        var result = EvaluateOne(u => u.WithPassword(1, 400));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Contains("no active access keys", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Maximum_age_comes_from_the_settings()
    {
        var report = new CredentialReportBuilder().User("ci", u => u.WithKey1(45, 1));

        var strict = Assert.Single(Run(_check, WithReport(report), new AuditSettings { AccessKeyMaxAgeDays = 30 }));
        var byDefault = Assert.Single(Run(_check, WithReport(report)));

        Assert.Equal(ComplianceStatus.Failed, strict.Status);
        Assert.Equal("30", strict.Evidence["auditor/MaxAgeDays"]);
        Assert.Equal(ComplianceStatus.Passed, byDefault.Status);
        Assert.Equal("90", byDefault.Evidence["auditor/MaxAgeDays"]);
    }

    [Fact]
    public void Real_report_flags_only_the_user_with_a_key_four_months_old()
    {
        var results = Run(_check, WithReport(Fixture.RealReport));

        Assert.Equal(["ops,oncall"], results.Where(r => r.Status == ComplianceStatus.Failed).Select(r => r.Resource.Details!.AwsIamUser!.UserName));
        Assert.Equal(5, results.Count);
        Assert.Equal("2026-07-28T10:00:00.000Z", results.ForUser("ops,oncall").Evidence["auditor/AccessKey1LastRotated"]);
    }

    [Fact]
    public void Not_available_when_the_report_could_not_be_read()
    {
        var snapshot = Empty().WithCredentialReport(AccessDenied<CredentialReport>("iam:GetCredentialReport"));

        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(Run(_check, snapshot)).Status);
    }

    private CheckResult EvaluateOne(Func<ReportRow, ReportRow> user) =>
        Assert.Single(Run(_check, WithReport(new CredentialReportBuilder().User("subject", user))));
}
