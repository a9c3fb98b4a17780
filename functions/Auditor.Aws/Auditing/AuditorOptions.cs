using Auditor.Core.Model;

namespace Auditor.Aws.Auditing;

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
}
