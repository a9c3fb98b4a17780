using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;

namespace Auditor.Core.Auditing;

/// <summary>The deployment's configuration of an audit (from environment variables that template.yaml sets).</summary>
public sealed record AuditorOptions
{
    public AuditSettings Settings { get; init; } = AuditSettings.Default;

    /// <summary>Where account-global findings go; null = the function's own region.</summary>
    public string? SecurityHubRegion { get; init; }

    /// <summary>The regions to audit when an event names none; null = every region enabled for the account.</summary>
    public IReadOnlyList<string>? Regions { get; init; }

    /// <summary>No new work starts closer than this to Lambda's deadline (default <see cref="RunBudget.DefaultSafetyMargin"/>).</summary>
    public TimeSpan DeadlineMargin { get; init; } = RunBudget.DefaultSafetyMargin;

    /// <summary>
    /// A credential report older than this is stale: what it says is wrong is confirmed with live IAM calls before it
    /// is reported (default 15 minutes). AWS generates a report at most once every four hours.
    /// </summary>
    public TimeSpan ReportMaxAge { get; init; } = ReportStaleness.DefaultMaxAge;

    /// <summary>At most this many users are read live at once when a stale report is confirmed (default 8).</summary>
    public int LiveReadConcurrency { get; init; } = DefaultLiveReadConcurrency;

    public const int DefaultLiveReadConcurrency = 8;

    public const int DefaultRootEventRetentionDays = 30;

    /// <summary>
    /// Days after which the root-alert function's <c>root.event</c> findings are archived by the audit (they are never
    /// archived by scope, since no check produces them).
    /// </summary>
    public int RootEventRetentionDays { get; init; } = DefaultRootEventRetentionDays;

    /// <summary>When a finding that did not change is imported again (default every 30 days; 0 = every run).</summary>
    public RefreshPolicy Refresh { get; init; } = RefreshPolicy.Default;

    /// <summary>The report bucket (<c>config/suppressions.yaml</c>, the runs, the reports); null = no accepted risks, nothing published.</summary>
    public string? ReportBucket { get; init; }
}
