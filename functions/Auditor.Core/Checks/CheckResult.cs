using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>
/// The outcome of one check for one resource in one scope. <see cref="Region"/> is null for
/// account-global results. <see cref="Evidence"/> becomes <c>ProductFields</c> of the finding.
/// </summary>
public sealed record CheckResult
{
    public required string CheckId { get; init; }

    public string? Region { get; init; }

    public required ComplianceStatus Status { get; init; }

    /// <summary>Severity of this result; defaults from the status and the check's severity.</summary>
    public required Severity Severity { get; init; }

    /// <summary>The primary resource; its Id makes the finding's identity.</summary>
    public required AsffResource Resource { get; init; }

    /// <summary>Further resources shown with the finding (for example a GuardDuty detector).</summary>
    public IReadOnlyList<AsffResource> RelatedResources { get; init; } = [];

    /// <summary>What was found, in a sentence or two.</summary>
    public required string Description { get; init; }

    /// <summary>Why the result could not be evaluated (NOT_AVAILABLE), with a code.</summary>
    public AsffStatusReason? StatusReason { get; init; }

    public IReadOnlyDictionary<string, string> Evidence { get; init; } = EvidenceMap.Empty;

    /// <summary>
    /// Where the evidence of this result came from and when; null = the check's usual source (the credential
    /// report for checks that read it, live API calls otherwise).
    /// </summary>
    public EvidenceOrigin? Origin { get; init; }
}
