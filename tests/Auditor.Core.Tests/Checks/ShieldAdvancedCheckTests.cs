using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class ShieldAdvancedCheckTests
{
    private readonly ShieldAdvancedCheck _check = new();

    [Fact]
    public void Fails_with_the_default_low_severity_without_a_subscription()
    {
        var result = Assert.Single(Run(_check, With(ShieldSubscription.None)));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
        Assert.Equal("INACTIVE", result.Evidence["auditor/SubscriptionState"]);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Null(result.Region);
    }

    [Theory]
    [InlineData(Severity.Informational)]
    [InlineData(Severity.Medium)]
    [InlineData(Severity.High)]
    public void Missing_subscription_fails_with_the_configured_severity(Severity configured)
    {
        var result = Assert.Single(Run(_check, With(ShieldSubscription.None), new AuditSettings { ShieldSeverity = configured }));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(configured, result.Severity);
    }

    [Fact]
    public void Active_subscription_without_auto_renew_is_a_warning()
    {
        var end = TestClock.Now.AddDays(40);
        var result = Assert.Single(Run(_check, With(new ShieldSubscription(true, TestClock.DaysAgo(325), end, "DISABLED"))));

        Assert.Equal(ComplianceStatus.Warning, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
        Assert.Equal("DISABLED", result.Evidence["auditor/AutoRenew"]);
        Assert.Equal("2027-01-04T00:00:00.000Z", result.Evidence["auditor/SubscriptionEndTime"]);
        Assert.Contains("2027-01-04T00:00:00.000Z", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Active_subscription_with_auto_renew_passes()
    {
        var result = Assert.Single(Run(_check, With(new ShieldSubscription(true, TestClock.DaysAgo(100), TestClock.Now.AddDays(265), "ENABLED"))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal("ACTIVE", result.Evidence["auditor/SubscriptionState"]);
    }

    [Fact]
    public void Configured_severity_does_not_change_a_pass()
    {
        var result = Assert.Single(Run(
            _check,
            With(new ShieldSubscription(true, TestClock.DaysAgo(100), TestClock.Now.AddDays(265), "ENABLED")),
            new AuditSettings { ShieldSeverity = Severity.Critical }));

        Assert.Equal(Severity.Informational, result.Severity);
    }

    [Fact]
    public void Not_available_when_the_subscription_could_not_be_read()
    {
        var snapshot = Empty().WithShield(Gathered<ShieldSubscription>.Failed("ThrottlingException", "Shield throttled every retry"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("ThrottlingException", result.StatusReason?.ReasonCode);
        Assert.Contains("Shield throttled every retry", result.StatusReason?.Description, StringComparison.Ordinal);
    }

    private static AccountSnapshot With(ShieldSubscription subscription) =>
        Empty().WithShield(Gathered<ShieldSubscription>.Ok(subscription));
}
