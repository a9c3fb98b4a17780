using Auditor.Core.Suppressions;

namespace Auditor.Core.Tests.Suppressions;

public sealed class SuppressionFileTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private const string Valid = """
        # Accepted risks, reviewed monthly.
        suppressions:
          - check: iam.user-mfa
            accounts: ["123456789012"]
            resource: break-glass
            reason: Break-glass user; its password is in the safe and rotated after each use.
            owner: security@example.com
            expires: 2027-03-31
          - check: "guardduty.*"
            accounts: "*"
            resource: "*"
            regions: [ap-southeast-2]
            reason: Region not used; SCP denies it.
            owner: platform
            expires: 2026-12-31
        """;

    [Fact]
    public void A_valid_file_reads_every_rule_with_its_line()
    {
        var file = SuppressionFile.Parse(Valid, Today);

        Assert.Equal(2, file.Rules.Count);
        var first = file.Rules[0];
        Assert.Equal((3, "iam.user-mfa", "break-glass", "security@example.com", new DateOnly(2027, 3, 31)), (first.Line, first.Check, first.Resource, first.Owner, first.Expires));
        Assert.Equal(["123456789012"], first.Accounts!);
        Assert.Null(first.Regions);
        Assert.Null(file.Rules[1].Accounts);
        Assert.Equal(["ap-southeast-2"], file.Rules[1].Regions!);
    }

    [Fact]
    public void An_empty_list_suppresses_nothing()
    {
        Assert.Empty(SuppressionFile.Parse("suppressions: []\n", Today).Rules);
        Assert.Empty(SuppressionFile.Parse("suppressions:\n", Today).Rules);
    }

    [Theory]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    expires: 2027-01-01\n", 2, "the rule has no 'owner'")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    owner: o\n    expires: 2028-01-01\n", 7, "more than 365 days ahead")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    owner: o\n    expires: 31/12/2026\n", 7, "is not a date YYYY-MM-DD")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    owner: o\n    expires: 2026-02-30\n", 7, "is not a date YYYY-MM-DD")]
    [InlineData("suppressions:\n  - check: iam.usr-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    owner: o\n    expires: 2027-01-01\n", 2, "matches no check id")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: [12345]\n    resource: bob\n    reason: r\n    owner: o\n    expires: 2027-01-01\n", 3, "'12345' in 'accounts' is not a 12-digit account id")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    regions: [moon-1]\n    reason: r\n    owner: o\n    expires: 2027-01-01\n", 5, "'moon-1' in 'regions'")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n    reason: r\n    owner: o\n    expires: 2027-01-01\n    expiry: 2027-01-01\n", 8, "unknown key 'expiry'")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: ''\n    reason: r\n    owner: o\n    expires: 2027-01-01\n", 4, "'resource' must be a non-empty text")]
    [InlineData("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n   resource: bob\n", 4, "not valid YAML")]
    [InlineData("suppresions:\n  - check: iam.user-mfa\n", 1, "unknown key 'suppresions'")]
    [InlineData("- check: iam.user-mfa\n", 1, "one mapping with a 'suppressions:' list")]
    [InlineData("suppressions:\n  - just a string\n", 2, "a rule must be a mapping")]
    public void A_file_that_cannot_be_used_is_refused_naming_the_line_and_the_problem(string yaml, int line, string problem)
    {
        var error = Assert.Throws<SuppressionFileException>(() => SuppressionFile.Parse(yaml, Today));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"config/suppressions.yaml line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_rule_is_valid_and_reported_as_expired()
    {
        var file = SuppressionFile.Parse("suppressions:\n  - check: iam.*\n    accounts: '*'\n    resource: '*'\n    reason: r\n    owner: o\n    expires: 2026-11-24\n", Today);

        Assert.Equal(file.Rules, file.Expired(Today));
        Assert.Empty(file.Expired(Today.AddDays(-1)));
    }

    [Theory]
    [InlineData("iam.*", "iam.user-mfa", true)]
    [InlineData("iam.*", "root.mfa", false)]
    [InlineData("*", "anything", true)]
    [InlineData("user/ci-*", "user/ci-deploy", true)]
    [InlineData("user/ci-*", "user/cid", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*-mfa", "iam.user-mfa", true)]
    [InlineData("Bob", "bob", false)]
    public void Globs_match_whole_strings(string pattern, string value, bool matches) =>
        Assert.Equal(matches, Glob.Matches(pattern, value));
}
