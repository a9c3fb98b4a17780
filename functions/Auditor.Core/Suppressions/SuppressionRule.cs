namespace Auditor.Core.Suppressions;

/// <summary>
/// One accepted risk from <c>config/suppressions.yaml</c>: which findings it covers (a check id or glob, accounts,
/// a resource glob, optionally regions) and why (reason, owner, the date it expires). <see cref="Line"/> is where the
/// rule starts in the file, so a report can point at it.
/// </summary>
public sealed record SuppressionRule
{
    public required int Line { get; init; }

    /// <summary>A check id or a glob over check ids (<c>iam.*</c>).</summary>
    public required string Check { get; init; }

    /// <summary>Account ids; null means every account (<c>*</c>).</summary>
    public required IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>A glob over the resource's id (an ARN) or its name (the user name, the last part of the id).</summary>
    public required string Resource { get; init; }

    /// <summary>Regions (or <c>global</c> for account-global results); null means every region.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    public required string Reason { get; init; }

    public required string Owner { get; init; }

    /// <summary>The last day the rule applies (UTC).</summary>
    public required DateOnly Expires { get; init; }

    public bool IsExpired(DateOnly today) => Expires < today;

    /// <summary>True when the rule covers a finding of <paramref name="checkId"/> in this account and region for this resource.</summary>
    public bool Covers(string checkId, string accountId, string region, string resourceId, string resourceName) =>
        Glob.Matches(Check, checkId)
        && (Accounts is null || Accounts.Contains(accountId, StringComparer.Ordinal))
        && (Regions is null || Regions.Contains(region, StringComparer.Ordinal))
        && (Glob.Matches(Resource, resourceId) || Glob.Matches(Resource, resourceName));
}
