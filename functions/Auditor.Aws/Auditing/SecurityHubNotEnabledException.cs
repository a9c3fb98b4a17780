namespace Auditor.Aws.Auditing;

/// <summary>
/// Security Hub (CSPM) is not enabled in a region the audit must write to: nothing was written there. When other
/// regions could be written, they were, and this error comes after (the run reports it so the alarm fires).
/// </summary>
public sealed class SecurityHubNotEnabledException : Exception
{
    /// <summary>The error type and the reason code of a region left out for it.</summary>
    public const string ErrorCode = "SecurityHubNotEnabled";

    public SecurityHubNotEnabledException(string region, string detail)
        : this(new Dictionary<string, string>(StringComparer.Ordinal) { [region] = detail })
    {
    }

    /// <param name="regions">Each region whose Security Hub is not enabled, with what Security Hub answered there.</param>
    public SecurityHubNotEnabledException(IReadOnlyDictionary<string, string> regions)
        : base(Describe(regions))
    {
        Regions = [.. regions.Keys.Order(StringComparer.Ordinal)];
        Details = regions;
    }

    public IReadOnlyList<string> Regions { get; }

    /// <summary>What Security Hub answered in each region.</summary>
    public IReadOnlyDictionary<string, string> Details { get; }

    /// <summary>What to tell a user about these regions, and how to fix it.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var names = string.Join(", ", regions.Keys.Order(StringComparer.Ordinal));
        var details = string.Join("; ", regions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}: {(r.Value.Length <= 200 ? r.Value : r.Value[..200] + "…")}"));
        return $"Security Hub is not enabled in {names} ({details}). Enable Security Hub CSPM there (console: Security Hub CSPM, Enable; CLI: aws securityhub enable-security-hub --region REGION) or leave {(regions.Count == 1 ? "it" : "them")} out of the audit (AUDIT_REGIONS).";
    }
}
