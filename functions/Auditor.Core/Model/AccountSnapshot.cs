using Auditor.Core.CredentialReports;

namespace Auditor.Core.Model;

/// <summary>Everything the checks read about one account, gathered once before any check runs.</summary>
public sealed record AccountSnapshot
{
    public required string AccountId { get; init; }

    public string Partition { get; init; } = "aws";

    /// <summary>When the collector finished reading the account: the evidence time of live data.</summary>
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>The regions this run audits; regional checks produce one scope per region.</summary>
    public required IReadOnlyList<string> Regions { get; init; }

    public Gathered<CredentialReport> CredentialReport { get; init; } = Gathered<CredentialReport>.NotCollected;

    /// <summary>
    /// True when the credential report is older than the configured maximum age. Its user rows have then been
    /// confirmed with live IAM calls where it mattered, and where a live read of this snapshot answers the same
    /// question (the IAM account summary for the root user's MFA and access keys), the live answer wins.
    /// </summary>
    public bool CredentialReportStale { get; init; }

    public Gathered<AccountSummary> AccountSummary { get; init; } = Gathered<AccountSummary>.NotCollected;

    public Gathered<IReadOnlyList<VirtualMfaDevice>> VirtualMfaDevices { get; init; } = Gathered<IReadOnlyList<VirtualMfaDevice>>.NotCollected;

    public IReadOnlyList<RegionalGuardDuty> GuardDuty { get; init; } = [];

    public Gathered<ShieldSubscription> Shield { get; init; } = Gathered<ShieldSubscription>.NotCollected;

    /// <summary>
    /// The root user's CloudTrail events within the look-back, one entry per region asked (the audited regions and
    /// the region where IAM, STS and sign-in events are recorded); empty when not collected.
    /// </summary>
    public IReadOnlyList<RegionalRootEvents> RootCloudTrailEvents { get; init; } = [];

    /// <summary>Every trail of the account, with the CloudWatch Logs monitoring of those that qualify for root-usage alarms.</summary>
    public Gathered<IReadOnlyList<TrailMonitoring>> RootUsageMonitoring { get; init; } = Gathered<IReadOnlyList<TrailMonitoring>>.NotCollected;
}
