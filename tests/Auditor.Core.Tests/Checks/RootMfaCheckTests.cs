using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RootMfaCheckTests
{
    private readonly RootMfaCheck _check = new();

    [Fact]
    public void Passes_when_the_root_row_reports_mfa_active()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RealReport)));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal(RootCredentials.FromReport, result.Evidence["auditor/RootStateSource"]);
    }

    [Fact]
    public void Fails_critical_when_the_root_row_reports_no_mfa()
    {
        var result = Assert.Single(Run(_check, WithReport(Fixture.RootUsedRecently)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal("false", result.Evidence["auditor/RootMfaActive"]);
    }

    [Fact]
    public void Root_row_is_believed_over_the_account_summary()
    {
        var snapshot = WithReport(Fixture.RootUsedRecently).WithAccountSummary(Summary(mfaEnabled: 1, accessKeysPresent: 0));

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Theory]
    [InlineData(1, ComplianceStatus.Passed)]
    [InlineData(0, ComplianceStatus.Failed)]
    public void Falls_back_to_the_account_summary_when_the_report_has_no_root_row(long accountMfaEnabled, ComplianceStatus expected)
    {
        // moto's credential report has no <root_account> row; AccountMFAEnabled answers instead.
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(Summary(accountMfaEnabled, 0));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(expected, result.Status);
        Assert.Equal(RootCredentials.FromSummary, result.Evidence["auditor/RootStateSource"]);
    }

    [Fact]
    public void Uses_the_account_summary_when_the_report_could_not_be_read()
    {
        var snapshot = Empty().WithCredentialReport(Gathered<CredentialReport>.Failed("ReportInProgress", "the credential report was still being generated after 5 attempts")).WithAccountSummary(Summary(0, 0));

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void Not_available_when_no_root_row_and_the_summary_could_not_be_read()
    {
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(AccessDenied<AccountSummary>("iam:GetAccountSummary"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason?.ReasonCode);
        Assert.Contains("no root row", result.StatusReason?.Description, StringComparison.Ordinal);
        Assert.Contains("iam:GetAccountSummary", result.StatusReason?.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_available_when_neither_report_nor_summary_could_be_read()
    {
        var snapshot = Empty().WithCredentialReport(AccessDenied<CredentialReport>("iam:GetCredentialReport")).WithAccountSummary(AccessDenied<AccountSummary>("iam:GetAccountSummary"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Contains("credential report", result.StatusReason?.Description, StringComparison.Ordinal);
    }
}
