using Auditor.Core.Auditing;
using Auditor.Function.Configuration;

namespace Auditor.Function.Tests.Configuration;

/// <summary><c>DEADLINE_MARGIN_SECONDS</c>: how close to Lambda's deadline the audit still starts work.</summary>
public sealed class DeadlineMarginConfigurationTests
{
    [Theory]
    [InlineData(null, 10)]
    [InlineData("", 10)]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    [InlineData(" 600 ", 600)]
    public void The_margin_is_read_in_whole_seconds_with_a_default_of_ten(string? value, int seconds)
    {
        var options = AuditorConfiguration.Load(name => name == AuditorConfiguration.DeadlineMarginSeconds ? value : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.DeadlineMargin);
        Assert.Equal(RunBudget.DefaultSafetyMargin, AuditorConfiguration.Load(_ => null).DeadlineMargin);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("601")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("10s")]
    public void A_margin_that_is_not_whole_seconds_up_to_600_is_refused_naming_the_variable(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => AuditorConfiguration.Load(name => name == AuditorConfiguration.DeadlineMarginSeconds ? value : null));

        Assert.Equal(AuditorConfiguration.DeadlineMarginSeconds, error.Variable);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_variable_is_one_the_template_must_set()
    {
        Assert.Contains(AuditorConfiguration.DeadlineMarginSeconds, AuditorConfiguration.Variables);
    }
}
