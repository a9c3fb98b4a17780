namespace Auditor.Aws.Auditing;

/// <summary>One audit to run: regions and checks (null = the configured defaults), and whether to import.</summary>
public sealed record AuditRequest(IReadOnlyList<string>? Regions, IReadOnlyList<string>? Checks, bool DryRun);
