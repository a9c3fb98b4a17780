using System.Text.RegularExpressions;
using Auditor.Core.Freshness;
using Auditor.Function.Configuration;
using Auditor.Testing;

namespace Auditor.Function.Tests.Freshness;

/// <summary>REPORT_MAX_AGE_MINUTES: its default, its validation, and the template that sets it and grants the live reads.</summary>
public sealed class FreshnessConfigurationTests
{
    private static readonly string[] LiveReadActions = ["iam:ListUsers", "iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"];

    [Fact]
    public void The_maximum_report_age_defaults_to_15_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), AuditorConfiguration.Load(_ => null).ReportMaxAge);
        Assert.Equal(ReportStaleness.DefaultMaxAge, AuditorConfiguration.Load(name => name == AuditorConfiguration.ReportMaxAgeMinutes ? " " : null).ReportMaxAge);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("15", 15)]
    [InlineData("240", 240)]
    [InlineData("1440", 1440)]
    public void Accepts_whole_minutes_from_0_to_1440(string value, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), AuditorConfiguration.Load(name => name == AuditorConfiguration.ReportMaxAgeMinutes ? value : null).ReportMaxAge);

    [Theory]
    [InlineData("-1")]
    [InlineData("1441")]
    [InlineData("15m")]
    [InlineData("1.5")]
    public void Refuses_anything_else_naming_the_variable(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => AuditorConfiguration.Load(name => name == AuditorConfiguration.ReportMaxAgeMinutes ? value : null));
        Assert.Equal(AuditorConfiguration.ReportMaxAgeMinutes, error.Variable);
    }

    [Fact]
    public void The_template_declares_the_parameter_passes_it_and_grants_the_live_reads()
    {
        var template = File.ReadAllText(RepositoryPaths.Of("template.yaml"));

        Assert.Matches(new Regex(@"\n  ReportMaxAgeMinutes:\n    Type: Number\n    Default: 15\n"), template);
        Assert.Contains($"{AuditorConfiguration.ReportMaxAgeMinutes}: !Ref ReportMaxAgeMinutes", template, StringComparison.Ordinal);
        Assert.All(AuditorConfiguration.Variables, variable => Assert.Matches(new Regex($@"\n +{Regex.Escape(variable)}: "), template));
        Assert.All(
            LiveReadActions,
            action => Assert.Matches(new Regex($@"(Action: |- ){Regex.Escape(action)}\n"), template));
    }
}
