using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>What a check is, for the finding and for the README catalogue.</summary>
public sealed record CheckMetadata
{
    public const int MaxRemediationLength = 512;

    /// <summary>The check id, <c>area.name</c>; the finding's GeneratorId.</summary>
    public required string Id { get; init; }

    /// <summary>The passing condition, as the finding's title.</summary>
    public required string Title { get; init; }

    /// <summary>Severity of a FAILED result.</summary>
    public required Severity Severity { get; init; }

    public required CheckScope Scope { get; init; }

    /// <summary>The kinds of evidence the check reads (<see cref="EvidenceKinds"/>): a run reads only what its checks name.</summary>
    public required IReadOnlyList<EvidenceKind> Reads { get; init; }

    /// <summary>CIS AWS Foundations Benchmark requirement, for example <c>1.10</c>; null when none.</summary>
    public string? CisRequirement { get; init; }

    /// <summary>
    /// The benchmark version <see cref="CisRequirement"/> belongs to: <see cref="CisVersion"/> (v3.0.0) unless the
    /// requirement exists only in an earlier version (the monitoring controls of CIS v1.4.0 section 4).
    /// </summary>
    public string CisBenchmark { get; init; } = CisVersion;

    /// <summary>The matching Security Hub control, for example <c>IAM.5</c>; null when Security Hub has none.</summary>
    public string? SecurityHubControlId { get; init; }

    public required string Remediation { get; init; }

    public required Uri RemediationUrl { get; init; }

    /// <summary>ASFF Types, namespace/category/classifier.</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>
    /// Evidence keys that record when something was observed (a last-used date, when CloudTrail was read) rather than
    /// what decides the verdict: a change in them alone does not make the finding changed
    /// (<see cref="Findings.FindingFingerprint"/>), so it is not imported again for it.
    /// </summary>
    public IReadOnlyList<string> ObservedEvidence { get; init; } = [];

    public const string CisVersion = "CIS AWS Foundations Benchmark v3.0.0";

    public const string CisVersion140 = "CIS AWS Foundations Benchmark v1.4.0";

    public IReadOnlyList<string> RelatedRequirements =>
        CisRequirement is null ? [] : [$"{CisBenchmark}/{CisRequirement}"];
}

/// <summary>Whether a check's results are account-global (one scope) or per audited region.</summary>
public enum CheckScope
{
    Global,
    Regional,
}

/// <summary>ASFF Types used by the checks.</summary>
public static class FindingTypes
{
    public const string Cis = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";
    public const string BestPractices = "Software and Configuration Checks/AWS Security Best Practices";
    public const string UnusualUserBehavior = "Unusual Behaviors/User";
    public const string RootConsoleSignIn = "TTPs/Initial Access/Root Console Sign-In";
    public const string RootConsoleSignInFailure = "TTPs/Credential Access/Root Console Sign-In Failure";
    public const string RootApiCall = "Unusual Behaviors/User/Root API Call";
    public const string RootSignInActivity = "Unusual Behaviors/User/Root Sign-In Activity";
}
