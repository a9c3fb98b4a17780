using System.Globalization;
using System.Text.Json.Serialization;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Suppressions;
using Auditor.Core.Suppressions;

namespace Auditor.Function.Functions;

/// <summary>
/// What the accepted risks did in a run: findings set SUPPRESSED, findings set NEW again because their rule expired or
/// was removed, the rules that have expired (to renew or delete), and updates Security Hub refused.
/// </summary>
public sealed record SuppressionsResponse(
    [property: JsonPropertyName("suppressed")] int Suppressed,
    [property: JsonPropertyName("unsuppressed")] int Unsuppressed,
    [property: JsonPropertyName("expiredRules")] IReadOnlyList<ExpiredRuleResponse> ExpiredRules,
    [property: JsonPropertyName("failures")] IReadOnlyList<ImportFailure> Failures)
{
    public static SuppressionsResponse From(SuppressionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Suppressed, result.Unsuppressed, result.ExpiredRules.Select(ExpiredRuleResponse.From).ToList(), result.Failures);
    }
}

/// <summary>A rule past its expiry: where it is, what it covered, whose it is.</summary>
public sealed record ExpiredRuleResponse(
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("expires")] string Expires)
{
    public static ExpiredRuleResponse From(SuppressionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(rule.Line, rule.Check, rule.Resource, rule.Owner, rule.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
