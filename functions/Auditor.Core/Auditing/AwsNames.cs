using System.Text.RegularExpressions;

namespace Auditor.Core.Auditing;

/// <summary>
/// The syntax of the AWS names an event, a message or a setting may carry (account ids, region names), checked the
/// same way everywhere before anything acts on them, and the partition a region belongs to.
/// </summary>
public static partial class AwsNames
{
    /// <summary>True for a 12-digit account id (ASCII digits only).</summary>
    public static bool IsAccountId(string? value) => value is not null && AccountIdPattern().IsMatch(value);

    /// <summary>True for a region name such as <c>us-east-1</c>, <c>us-gov-west-1</c> or <c>cn-north-1</c>.</summary>
    public static bool IsRegion(string? value) => value is not null && RegionPattern().IsMatch(value);

    /// <summary>The partition of a region: <c>aws-cn</c>, <c>aws-us-gov</c>, or <c>aws</c>.</summary>
    public static string PartitionOf(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]{1,2}$")]
    private static partial Regex RegionPattern();
}
