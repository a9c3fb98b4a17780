using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RootAccessKeysCheckTests
{
    private readonly RootAccessKeysCheck _check = new();

    [Fact]
    public void Fails_critical_when_the_root_row_has_an_active_access_key()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RootUsedRecently)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("true", result.Evidence["auditor/RootAccessKeysPresent"]);
        Assert.Equal(RootCredentials.FromReport, result.Evidence["auditor/RootStateSource"]);
    }

    [Fact]
    public void Passes_when_the_root_row_has_no_active_access_key()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RealReport)));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
    }

    [Fact]
    public void Fails_when_only_root_access_key_2_is_active()
    {
        var report = new CredentialReportBuilder().Root(r => r.WithKey2(500));

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, WithReport(report))).Status);
    }

    [Fact]
    public void Passes_when_the_root_keys_are_only_inactive()
    {
        var report = new CredentialReportBuilder().Root(r => r.WithKey1(500, 200, active: false).WithKey2(300, null, active: false));

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, WithReport(report))).Status);
    }

    [Fact]
    public void Users_keys_are_not_root_keys()
    {
        var report = new CredentialReportBuilder().User("ci", u => u.WithKey1(10, 1).WithKey2(5, 1));

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, WithReport(report))).Status);
    }

    [Theory]
    [InlineData(1, ComplianceStatus.Failed)]
    [InlineData(0, ComplianceStatus.Passed)]
    public void Falls_back_to_the_account_summary_when_the_report_has_no_root_row(long accountAccessKeysPresent, ComplianceStatus expected)
    {
        // moto's credential report has no <root_account> row; AccountAccessKeysPresent answers instead.
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(Summary(1, accountAccessKeysPresent));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(expected, result.Status);
        Assert.Equal(RootCredentials.FromSummary, result.Evidence["auditor/RootStateSource"]);
    }

    [Fact]
    public void Not_available_when_no_root_row_and_no_summary()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.MotoReport)));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("NotCollected", result.StatusReason?.ReasonCode);
    }
}
