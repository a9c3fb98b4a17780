using Auditor.Core.Checks;

namespace Auditor.Core.Evaluation;

/// <summary>The results of every selected check, and which scopes were fully evaluated.</summary>
public sealed record AuditEvaluation(
    IReadOnlyList<CheckResult> Results,
    IReadOnlySet<FindingScope> EvaluatedScopes,
    IReadOnlyDictionary<FindingScope, string> UnavailableScopes);
