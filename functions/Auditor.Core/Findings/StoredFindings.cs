namespace Auditor.Core.Findings;

/// <summary>
/// Auditor's findings for one account as one region's Security Hub holds them, read once per run; or why they could
/// not be read (<see cref="ErrorCode"/>, <see cref="ErrorMessage"/>), in which case nothing is imported or archived in
/// that region: without them an import would reset CreatedAt and nothing could be archived safely.
/// </summary>
public sealed record StoredFindings(string Region, IReadOnlyList<AsffFinding>? Findings, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Read => Findings is not null;

    /// <summary>Nothing stored to compare with (a dry run reads nothing from Security Hub).</summary>
    public static StoredFindings None(string region) => new(region, []);

    public static StoredFindings NotRead(string region, string code, string message) => new(region, null, code, message);
}
