using Auditor.Function.Configuration;
using Auditor.Function.Functions;

namespace Auditor.Function.Tests.Configuration;

/// <summary>The root-alert function's variable, and the audit's root-event retention.</summary>
public sealed class RootAlertConfigurationTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("eu-central-1", "eu-central-1")]
    [InlineData(" us-east-1 ", "us-east-1")]
    public void Security_hub_region_is_optional_and_trimmed(string? value, string? expected)
    {
        Assert.Equal(expected, RootAlertConfiguration.SecurityHubRegion(_ => value));
    }

    [Fact]
    public void A_malformed_security_hub_region_names_the_variable()
    {
        var error = Assert.Throws<ConfigurationException>(() => RootAlertConfiguration.SecurityHubRegion(_ => "Virginia"));

        Assert.Equal("SECURITY_HUB_REGION", error.Variable);
    }

    [Fact]
    public void The_function_table_registers_root_alert_with_an_eventbridge_rule_and_its_one_variable()
    {
        var registration = FunctionTable.Find("root-alert")!;

        Assert.Equal("EventBridgeRule", registration.TriggerType);
        Assert.Equal(["SECURITY_HUB_REGION"], registration.EnvironmentVariables);
        Assert.Equal("audit", FunctionTable.DefaultFunction);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("", 30)]
    [InlineData("1", 1)]
    [InlineData("90", 90)]
    public void Root_event_retention_defaults_to_30_days(string? value, int expected)
    {
        var options = AuditorConfiguration.Load(name => name == "ROOT_EVENT_RETENTION_DAYS" ? value : null);

        Assert.Equal(expected, options.RootEventRetentionDays);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    [InlineData("-5")]
    [InlineData("30d")]
    [InlineData("2.5")]
    public void Root_event_retention_outside_1_to_90_days_names_the_variable(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => AuditorConfiguration.Load(name => name == "ROOT_EVENT_RETENTION_DAYS" ? value : null));

        Assert.Equal("ROOT_EVENT_RETENTION_DAYS", error.Variable);
        Assert.Contains("between 1 and 90", error.Message, StringComparison.Ordinal);
    }
}
