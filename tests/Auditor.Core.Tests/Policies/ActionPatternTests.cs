using Auditor.Core.Policies;

namespace Auditor.Core.Tests.Policies;

public sealed class ActionPatternTests
{
    [Theory]
    [InlineData("*", "s3:GetObject", true)]
    [InlineData("s3:*", "s3:GetObject", true)]
    [InlineData("S3:get*", "s3:GetObject", true)]
    [InlineData("s3:Get*", "s3:PutObject", false)]
    [InlineData("iam:?etRole", "iam:GetRole", true)]
    [InlineData("iam:?etRole", "iam:PassRole", false)]
    [InlineData("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", false)]
    [InlineData("sts:AssumeRole*", "sts:AssumeRoleWithWebIdentity", true)]
    [InlineData("sts:*Web*", "sts:AssumeRoleWithWebIdentity", true)]
    [InlineData("*:*", "ec2:RunInstances", true)]
    [InlineData("", "s3:GetObject", false)]
    [InlineData("s3:GetObject", "s3:GetObjectAcl", false)]
    public void Matches_case_insensitively_with_star_and_question_mark(string pattern, string action, bool expected) =>
        Assert.Equal(expected, ActionPattern.Matches(pattern, action));

    [Theory]
    [InlineData("*", true)]
    [InlineData("*:*", true)]
    [InlineData("**", true)]
    [InlineData("**:**", true)]
    [InlineData("*:", false)]
    [InlineData(":*", false)]
    [InlineData("s3:*", false)]
    [InlineData("*:Get*", false)]
    [InlineData("iam:*", false)]
    [InlineData("", false)]
    public void Only_star_and_star_colon_star_match_every_action(string pattern, bool expected) =>
        Assert.Equal(expected, ActionPattern.MatchesEveryAction(pattern));
}
