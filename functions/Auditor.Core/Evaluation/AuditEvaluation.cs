using Auditor.Core.Checks;

namespace Auditor.Core.Evaluation;

/// <summary>The results of every selected check, and which scopes were fully evaluated.</summary>
public sealed record AuditEvaluation(
    IReadOnlyList<CheckResult> Results,
    IReadOnlySet<FindingScope> EvaluatedScopes,
    IReadOnlyDictionary<FindingScope, string> UnavailableScopes)
{
    /// <summary>
    /// The same results, with the given scopes no longer fully evaluated (so none of their stored findings is
    /// archived) and reported with the reason.
    /// </summary>
    public AuditEvaluation WithUnavailable(IEnumerable<FindingScope> scopes, string reason)
    {
        var evaluated = new HashSet<FindingScope>(EvaluatedScopes);
        var unavailable = new Dictionary<FindingScope, string>(UnavailableScopes);
        foreach (var scope in scopes)
        {
            if (evaluated.Remove(scope))
            {
                unavailable.TryAdd(scope, reason);
            }
        }

        return this with { EvaluatedScopes = evaluated, UnavailableScopes = unavailable };
    }
}
