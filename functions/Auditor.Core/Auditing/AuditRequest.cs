namespace Auditor.Core.Auditing;

/// <summary>
/// One audit to run: the accounts it is meant for (null = the caller's own), regions and checks (null = the
/// configured defaults), and whether to import.
/// </summary>
public sealed record AuditRequest(IReadOnlyList<string>? Regions, IReadOnlyList<string>? Checks, bool DryRun)
{
    public IReadOnlyList<string>? Accounts { get; init; }

    /// <summary>The time the audit may use (from Lambda's deadline); null = no deadline.</summary>
    public RunBudget? Budget { get; init; }

    /// <summary>The accepted risks to apply after the import, read before anything is written; null = none.</summary>
    public Suppressions.SuppressionFile? Suppressions { get; init; }
}
