using Auditor.Core.Model;
using Auditor.Function.Configuration;

namespace Auditor.Function.Tests.Configuration;

/// <summary>The audit's settings from the environment variables template.yaml sets.</summary>
public sealed class AuditorConfigurationTests
{
    [Fact]
    public void Without_variables_every_setting_has_its_documented_default()
    {
        var options = AuditorConfiguration.Load(_ => null);

        Assert.Null(options.SecurityHubRegion);
        Assert.Null(options.Regions);
        Assert.Equal(45, options.Settings.UnusedCredentialsDays);
        Assert.Equal(90, options.Settings.AccessKeyMaxAgeDays);
        Assert.Equal(7, options.Settings.RootActivityLookbackDays);
        Assert.Equal(Severity.Low, options.Settings.ShieldSeverity);
    }

    [Fact]
    public void Empty_and_blank_values_mean_the_default_as_the_templates_empty_parameters_pass_them()
    {
        foreach (var blank in new[] { string.Empty, "   " })
        {
            var options = AuditorConfiguration.Load(_ => blank);

            Assert.Null(options.SecurityHubRegion);
            Assert.Null(options.Regions);
            Assert.Equal(AuditSettings.Default, options.Settings);
        }
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var options = AuditorConfiguration.Load(Variables(new()
        {
            ["SECURITY_HUB_REGION"] = "eu-west-1",
            ["AUDIT_REGIONS"] = "us-east-1, eu-west-1,ap-southeast-2",
            ["UNUSED_CREDENTIALS_DAYS"] = "30",
            ["ACCESS_KEY_MAX_AGE_DAYS"] = "60",
            ["ROOT_ACTIVITY_LOOKBACK_DAYS"] = "14",
            ["SHIELD_SEVERITY"] = "high",
        }));

        Assert.Equal("eu-west-1", options.SecurityHubRegion);
        Assert.Equal(["us-east-1", "eu-west-1", "ap-southeast-2"], options.Regions!);
        Assert.Equal(30, options.Settings.UnusedCredentialsDays);
        Assert.Equal(60, options.Settings.AccessKeyMaxAgeDays);
        Assert.Equal(14, options.Settings.RootActivityLookbackDays);
        Assert.Equal(Severity.High, options.Settings.ShieldSeverity);
    }

    [Theory]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "1")]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "3650")]
    [InlineData("ACCESS_KEY_MAX_AGE_DAYS", " 120 ")]
    [InlineData("ROOT_ACTIVITY_LOOKBACK_DAYS", "90")]
    public void Day_counts_at_and_inside_the_limits_are_accepted(string variable, string value)
    {
        var settings = AuditorConfiguration.Load(Variables(new() { [variable] = value })).Settings;

        var expected = int.Parse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, variable switch
        {
            "UNUSED_CREDENTIALS_DAYS" => settings.UnusedCredentialsDays,
            "ACCESS_KEY_MAX_AGE_DAYS" => settings.AccessKeyMaxAgeDays,
            _ => settings.RootActivityLookbackDays,
        });
    }

    [Theory]
    [InlineData("INFORMATIONAL", Severity.Informational)]
    [InlineData("LOW", Severity.Low)]
    [InlineData("Medium", Severity.Medium)]
    [InlineData("HIGH", Severity.High)]
    [InlineData("critical", Severity.Critical)]
    public void Every_severity_label_is_accepted_for_Shield(string label, Severity expected) =>
        Assert.Equal(expected, AuditorConfiguration.Load(Variables(new() { ["SHIELD_SEVERITY"] = label })).Settings.ShieldSeverity);

    [Theory]
    [InlineData("SECURITY_HUB_REGION", "nowhere")]
    [InlineData("SECURITY_HUB_REGION", "US-EAST-1")]
    [InlineData("SECURITY_HUB_REGION", "us-east-1,eu-west-1")]
    [InlineData("AUDIT_REGIONS", "us-east-1,not a region")]
    [InlineData("AUDIT_REGIONS", "us-east-1;eu-west-1")]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "0")]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "-5")]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "3651")]
    [InlineData("UNUSED_CREDENTIALS_DAYS", "forty-five")]
    [InlineData("ACCESS_KEY_MAX_AGE_DAYS", "1.5")]
    [InlineData("ACCESS_KEY_MAX_AGE_DAYS", "90d")]
    [InlineData("ACCESS_KEY_MAX_AGE_DAYS", "99999999999")]
    [InlineData("ROOT_ACTIVITY_LOOKBACK_DAYS", "x")]
    [InlineData("ROOT_ACTIVITY_LOOKBACK_DAYS", "+7")]
    [InlineData("SHIELD_SEVERITY", "SEVERE")]
    [InlineData("SHIELD_SEVERITY", "3")]
    [InlineData("REFRESH_UNCHANGED_DAYS", "61")]
    [InlineData("REFRESH_UNCHANGED_DAYS", "-1")]
    [InlineData("REFRESH_UNCHANGED_DAYS", "monthly")]
    public void A_bad_value_is_refused_with_an_error_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => AuditorConfiguration.Load(Variables(new() { [variable] = value })));

        Assert.Equal(variable, error.Variable);
        Assert.StartsWith(variable + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(value.Split(',', ';')[^1].Trim(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("0", 0)]
    [InlineData("60", 60)]
    [InlineData(" 7 ", 7)]
    public void REFRESH_UNCHANGED_DAYS_sets_the_refresh_cycle_of_unchanged_findings(string? value, int days)
    {
        var options = AuditorConfiguration.Load(name => name == "REFRESH_UNCHANGED_DAYS" ? value : null);

        Assert.Equal(days, options.Refresh.Days);
    }

    [Fact]
    public void The_variable_list_is_exactly_what_Load_reads()
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        AuditorConfiguration.Load(name =>
        {
            read.Add(name);
            return null;
        });

        Assert.Equal(read.Order(StringComparer.Ordinal), AuditorConfiguration.Variables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Trusted_accounts_and_password_thresholds_are_read()
    {
        var settings = AuditorConfiguration.Load(Variables(new()
        {
            ["TRUSTED_ACCOUNTS"] = "111122223333, 444455556666",
            ["PASSWORD_MIN_LENGTH"] = "16",
            ["PASSWORD_REUSE_PREVENTION"] = "12",
        })).Settings;

        Assert.Equal(["111122223333", "444455556666"], settings.TrustedAccounts.Order(StringComparer.Ordinal));
        Assert.Equal(16, settings.PasswordMinLength);
        Assert.Equal(12, settings.PasswordReusePrevention);
    }

    [Fact]
    public void Without_them_no_account_is_trusted_and_the_CIS_thresholds_apply()
    {
        var settings = AuditorConfiguration.Load(_ => null).Settings;

        Assert.Empty(settings.TrustedAccounts);
        Assert.Equal(14, settings.PasswordMinLength);
        Assert.Equal(24, settings.PasswordReusePrevention);
    }

    [Theory]
    [InlineData("TRUSTED_ACCOUNTS", "111122223333,12345", "'12345' is not a 12-digit account id")]
    [InlineData("PASSWORD_MIN_LENGTH", "5", "between 6 and 128")]
    [InlineData("PASSWORD_REUSE_PREVENTION", "25", "between 1 and 24")]
    [InlineData("PASSWORD_REUSE_PREVENTION", "ten", "'ten' is not a whole number of passwords")]
    public void Unusable_trust_and_password_settings_name_the_variable(string variable, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => AuditorConfiguration.Load(Variables(new() { [variable] = value })));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Variables(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);
}
