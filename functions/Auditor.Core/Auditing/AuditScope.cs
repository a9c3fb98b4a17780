using Auditor.Core.Checks;
using Auditor.Core.Evidence;

namespace Auditor.Core.Auditing;

/// <summary>
/// What one audit of one account covers, settled before anything is read: the account, the regions, the checks,
/// and where the findings go. Account-global results go to <see cref="SecurityHubRegion"/>; regional results to
/// their own region.
/// </summary>
public sealed record AuditScope
{
    public required string AccountId { get; init; }

    public required string Partition { get; init; }

    /// <summary>The audited regions: regional checks produce one scope per region.</summary>
    public required IReadOnlyList<string> Regions { get; init; }

    /// <summary>Where account-global findings are imported.</summary>
    public required string SecurityHubRegion { get; init; }

    /// <summary>The selected checks, in catalogue order.</summary>
    public required IReadOnlyList<ICheck> Checks { get; init; }

    public bool DryRun { get; init; }

    /// <summary>
    /// Regions whose Security Hub is not enabled (region → what Security Hub answered): left out of <see cref="Regions"/>,
    /// nothing read or written there, their stored findings kept; the run reports them and then fails. When it is the
    /// <see cref="SecurityHubRegion"/>, the account-global findings are not written either.
    /// </summary>
    public IReadOnlyDictionary<string, string> SecurityHubNotEnabled { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The Security Hub regions the run writes to: the hub region, and every audited region when a regional check runs.</summary>
    public IReadOnlyList<string> ImportRegions =>
        Checks.Any(c => c.Metadata.Scope == CheckScope.Regional)
            ? Regions.Append(SecurityHubRegion).Distinct(StringComparer.Ordinal).ToList()
            : [SecurityHubRegion];

    /// <summary>Every kind of evidence the selected checks read, each once.</summary>
    public IReadOnlyList<EvidenceKind> Evidence => Checks.SelectMany(c => c.Metadata.Reads).Distinct().ToList();
}
