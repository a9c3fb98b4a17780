namespace Auditor.Core.Policies;

/// <summary>
/// One statement of a policy document. Action, Resource and their Not forms are null when the statement does not have
/// them (a string in the document is a list of one).
/// </summary>
public sealed record PolicyStatement
{
    /// <summary>The statement's position in the document, from 0.</summary>
    public required int Index { get; init; }

    public string? Sid { get; init; }

    /// <summary>True for <c>"Effect": "Allow"</c>, false for <c>Deny</c>.</summary>
    public required bool IsAllow { get; init; }

    public IReadOnlyList<string>? Action { get; init; }

    public IReadOnlyList<string>? NotAction { get; init; }

    public IReadOnlyList<string>? Resource { get; init; }

    public IReadOnlyList<string>? NotResource { get; init; }

    public PolicyPrincipal? Principal { get; init; }

    public PolicyPrincipal? NotPrincipal { get; init; }

    public IReadOnlyList<PolicyCondition> Conditions { get; init; } = [];

    /// <summary>How a finding names the statement: its Sid, or its position.</summary>
    public string Name => string.IsNullOrEmpty(Sid) ? $"statement {Index}" : $"statement '{Sid}'";

    /// <summary>True when the statement's actions include <paramref name="action"/> (Action matches it, or NotAction does not).</summary>
    public bool AppliesToAction(string action) =>
        Action is not null ? Action.Any(p => ActionPattern.Matches(p, action))
        : NotAction is not null && !NotAction.Any(p => ActionPattern.Matches(p, action));

    /// <summary>The conditions on <paramref name="key"/> (condition keys compare case-insensitively).</summary>
    public IEnumerable<PolicyCondition> ConditionsOn(string key) =>
        Conditions.Where(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));
}
