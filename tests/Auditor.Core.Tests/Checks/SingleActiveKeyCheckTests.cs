using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class SingleActiveKeyCheckTests
{
    private readonly SingleActiveKeyCheck _check = new();

    [Fact]
    public void Fails_for_user_with_two_active_keys()
    {
        var result = EvaluateOne(u => u.WithKey1(10, 1).WithKey2(5, 1));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Equal("2", result.Evidence["auditor/ActiveAccessKeys"]);
    }

    [Fact]
    public void Passes_for_one_active_and_one_inactive_key()
    {
        var result = EvaluateOne(u => u.WithKey1(10, 1).WithKey2(5, null, active: false));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("1", result.Evidence["auditor/ActiveAccessKeys"]);
    }

    [Fact]
    public void Passes_when_only_the_second_key_is_active()
    {
        Assert.Equal(ComplianceStatus.Passed, EvaluateOne(u => u.WithKey1(100, null, active: false).WithKey2(5, 1)).Status);
    }

    [Fact]
    public void Passes_for_user_without_keys()
    {
        var result = EvaluateOne(u => u.WithPassword(1, 20));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("0", result.Evidence["auditor/ActiveAccessKeys"]);
    }

    [Fact]
    public void Real_report_flags_only_the_service_user_with_two_keys()
    {
        var results = Run(_check, WithReport(Fixture.RealReport));

        Assert.Equal(5, results.Count);
        var failed = Assert.Single(results, r => r.Status == ComplianceStatus.Failed);
        Assert.Equal("arn:aws:iam::123456789012:user/ops,oncall", failed.Resource.Id);
    }

    [Fact]
    public void Root_keys_are_not_judged_here()
    {
        var report = new CredentialReportBuilder().Root(r => r.WithKey1(10).WithKey2(10));

        Assert.Empty(Run(_check, WithReport(report)));
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
