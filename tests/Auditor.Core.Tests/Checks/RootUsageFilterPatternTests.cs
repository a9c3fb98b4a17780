using Auditor.Core.Checks;

namespace Auditor.Core.Tests.Checks;

public sealed class RootUsageFilterPatternTests
{
    [Theory]
    [InlineData(RootUsageFilterPattern.Cis)]
    [InlineData("{$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !=\"AwsServiceEvent\"}")]
    [InlineData("{ ($.userIdentity.type = \"Root\") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != \"AwsServiceEvent\") }")]
    [InlineData("{ $.eventType != \"AwsServiceEvent\" && $.userIdentity.invokedBy not exists && $.userIdentity.type = \"Root\" }")]
    [InlineData("{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }")]
    [InlineData("{\n  $.userIdentity.type = \"Root\"\n  && $.userIdentity.invokedBy NOT EXISTS\n  && $.eventType != \"AwsServiceEvent\"\n}")]
    [InlineData("{ $.userIdentity.type = \"Root\" }")]
    [InlineData("{ $.userIdentity.type = \"Root\" && ($.userIdentity.invokedBy NOT EXISTS || $.eventType != \"AwsServiceEvent\") }")]
    public void Patterns_that_catch_every_root_action_and_only_root_actions_pass(string pattern)
    {
        Assert.True(RootUsageFilterPattern.MonitorsRootUsage(pattern), pattern);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Root")]
    [InlineData("\"Root\"")]
    [InlineData("$.userIdentity.type = \"Root\"")]
    [InlineData("{ $.userIdentity.type = \"root\" }")]
    [InlineData("{ $.userIdentity.type = \"IAMUser\" }")]
    [InlineData("{ $.eventType != \"AwsServiceEvent\" }")]
    [InlineData("{ $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }")]
    [InlineData("{ $.userIdentity.type = \"Root\" && $.eventName = \"ConsoleLogin\" }")]
    [InlineData("{ $.userIdentity.type = \"Root\" || $.eventName = \"ConsoleLogin\" }")]
    [InlineData("{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy EXISTS }")]
    [InlineData("{ ($.userIdentity.type = \"Root\" }")]
    [InlineData("{ $.userIdentity.type = \"Root\" && }")]
    [InlineData("{ $.userIdentity.type = \"Root }")]
    [InlineData("{ $.errorCode = \"*UnauthorizedOperation\" || $.errorCode = \"AccessDenied*\" }")]
    public void Patterns_that_miss_root_actions_or_catch_others_fail(string? pattern)
    {
        Assert.False(RootUsageFilterPattern.MonitorsRootUsage(pattern), pattern);
    }

    [Fact]
    public void Operators_inside_quoted_values_are_values()
    {
        Assert.False(RootUsageFilterPattern.MonitorsRootUsage("{ $.userIdentity.type = \"Root && x\" }"));
        Assert.True(RootUsageFilterPattern.MonitorsRootUsage("{ $.userIdentity.type = \"Root\" && $.eventType != \"AwsServiceEvent\" }"));
    }
}
