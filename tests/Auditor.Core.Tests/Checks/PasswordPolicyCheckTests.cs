using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class PasswordPolicyCheckTests
{
    private static readonly PasswordPolicy Cis = new()
    {
        MinimumPasswordLength = 14,
        RequireSymbols = true,
        RequireNumbers = true,
        RequireUppercaseCharacters = true,
        RequireLowercaseCharacters = true,
        PasswordReusePrevention = 24,
    };

    private readonly PasswordPolicyCheck _check = new();

    [Fact]
    public void No_password_policy_fails_medium_on_the_account()
    {
        var result = Assert.Single(Run(_check, With(AccountPasswordPolicy.None)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("none", result.Evidence["auditor/PasswordPolicy"]);
        Assert.Contains("no IAM password policy", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_meeting_every_requirement_passes()
    {
        var result = Assert.Single(Run(_check, With(new AccountPasswordPolicy(Cis))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("14", result.Evidence["auditor/MinimumPasswordLength"]);
        Assert.Equal("24", result.Evidence["auditor/PasswordReusePrevention"]);
    }

    [Fact]
    public void Every_unmet_requirement_is_listed()
    {
        var weak = new PasswordPolicy { MinimumPasswordLength = 8, RequireLowercaseCharacters = true, PasswordReusePrevention = 5 };

        var result = Assert.Single(Run(_check, With(new AccountPasswordPolicy(weak))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(
            "minimum length 8, below 14; reuse prevented for the last 5 passwords, fewer than 24; upper case letters not required; numbers not required; symbols not required",
            result.Evidence["auditor/UnmetRequirements"]);
        Assert.Equal("false", result.Evidence["auditor/RequireSymbols"]);
    }

    [Theory]
    [InlineData(13, 24, false)]
    [InlineData(14, 23, false)]
    [InlineData(20, 24, true)]
    public void Length_and_reuse_are_held_to_their_thresholds(int length, int reuse, bool passes)
    {
        var result = Assert.Single(Run(_check, With(new AccountPasswordPolicy(Cis with { MinimumPasswordLength = length, PasswordReusePrevention = reuse }))));

        Assert.Equal(passes ? ComplianceStatus.Passed : ComplianceStatus.Failed, result.Status);
    }

    [Fact]
    public void Reuse_not_prevented_at_all_reads_as_zero()
    {
        var result = Assert.Single(Run(_check, With(new AccountPasswordPolicy(Cis with { PasswordReusePrevention = null }))));

        Assert.Equal("reuse prevented for the last 0 passwords, fewer than 24", result.Evidence["auditor/UnmetRequirements"]);
    }

    [Fact]
    public void Thresholds_come_from_the_settings()
    {
        var settings = AuditSettings.Default with { PasswordMinLength = 16, PasswordReusePrevention = 12 };

        var result = Assert.Single(Run(_check, With(new AccountPasswordPolicy(Cis with { PasswordReusePrevention = 12 })), settings));

        Assert.Equal("minimum length 14, below 16", result.Evidence["auditor/UnmetRequirements"]);
    }

    [Fact]
    public void An_unread_policy_is_not_available_not_missing()
    {
        var result = Assert.Single(Run(_check, Empty().WithPasswordPolicy(AccessDenied<AccountPasswordPolicy>("iam:GetAccountPasswordPolicy"))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason!.ReasonCode);
    }

    private static AccountSnapshot With(AccountPasswordPolicy policy) => Empty().WithPasswordPolicy(Gathered<AccountPasswordPolicy>.Ok(policy));
}
