using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class UserMfaCheckTests
{
    private readonly UserMfaCheck _check = new();

    [Fact]
    public void Evaluates_only_users_with_a_console_password()
    {
        var results = Run(_check, WithReport(Fixture.RealReport));

        Assert.Equal(["alice", "bob", "dave"], results.Select(r => r.Resource.Details!.AwsIamUser!.UserName));
    }

    [Fact]
    public void User_without_console_password_gets_no_result()
    {
        var report = new CredentialReportBuilder().User("ci", u => u.WithKey1(10, 1));

        Assert.Empty(Run(_check, WithReport(report)));
    }

    [Fact]
    public void Fails_for_console_user_without_mfa()
    {
        var bob = Run(_check, WithReport(Fixture.RealReport)).ForUser("bob");

        Assert.Equal(ComplianceStatus.Failed, bob.Status);
        Assert.Equal(Severity.Medium, bob.Severity);
        Assert.Equal("false", bob.Evidence["auditor/MfaActive"]);
        Assert.Equal("IAM user bob has a console password and no MFA device.", bob.Description);
        Assert.Equal("2026-11-15T09:00:00.000Z", bob.Evidence["auditor/PasswordLastUsed"]);
    }

    [Fact]
    public void Passes_for_console_user_with_mfa()
    {
        var alice = Run(_check, WithReport(Fixture.RealReport)).ForUser("alice");

        Assert.Equal(ComplianceStatus.Passed, alice.Status);
        Assert.Equal(Severity.Informational, alice.Severity);
    }

    [Fact]
    public void Result_is_about_the_iam_user_resource()
    {
        var bob = Run(_check, WithReport(Fixture.RealReport)).ForUser("bob");

        Assert.Equal("AwsIamUser", bob.Resource.Type);
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/bob", bob.Resource.Id);
        Assert.Equal("/engineering/", bob.Resource.Details!.AwsIamUser!.Path);
        Assert.Equal("2025-10-21T12:00:00.000Z", bob.Resource.Details.AwsIamUser.CreateDate);
        Assert.Null(bob.Region);
    }

    [Fact]
    public void Root_row_never_gets_a_user_result()
    {
        var report = new CredentialReportBuilder().Root(r => r.MfaActive = "false");

        Assert.Empty(Run(_check, WithReport(report)));
    }

    [Fact]
    public void Console_user_whose_password_was_never_used_is_still_evaluated()
    {
        var report = new CredentialReportBuilder().User("new-hire", u => u.WithPassword(null, 1));

        var result = Assert.Single(Run(_check, WithReport(report)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("never", result.Evidence["auditor/PasswordLastUsed"]);
    }

    [Fact]
    public void Not_available_when_the_report_could_not_be_read()
    {
        var snapshot = Empty().WithCredentialReport(Gathered<CredentialReport>.Failed("ReportExpired", "the credential report expired and could not be regenerated"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("ReportExpired", result.StatusReason?.ReasonCode);
        Assert.Equal("AwsAccount", result.Resource.Type);
    }
}
