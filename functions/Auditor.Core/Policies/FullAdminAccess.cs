namespace Auditor.Core.Policies;

/// <summary>
/// Full administrative access as CIS 1.16 and Security Hub IAM.1 mean it: a statement that allows every action
/// (<c>*</c>, <c>*:*</c>, a list that includes one of them, or <c>NotAction</c>, which allows all but a few) on every
/// resource (<c>Resource</c> <c>*</c>). Conditions do not change the verdict: they are reported beside it.
/// </summary>
public static class FullAdminAccess
{
    /// <summary>The first statement of <paramref name="document"/> that grants full administrative access, or null.</summary>
    public static PolicyStatement? FirstGrantingStatement(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Statements.FirstOrDefault(Grants);
    }

    public static bool Grants(PolicyStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.IsAllow
            && (statement.NotAction is not null || statement.Action!.Any(ActionPattern.MatchesEveryAction))
            && statement.Resource is { } resources && resources.Any(r => r == "*");
    }
}
