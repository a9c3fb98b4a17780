using Auditor.Core.Findings;

namespace Auditor.Core.Suppressions;

/// <summary>
/// The notes Auditor leaves on the findings it suppresses and unsuppresses. A suppression is Auditor's when the
/// workflow is SUPPRESSED and the note is still the one Auditor wrote (its author and its opening words): one a person
/// set in the console, or a note a person edited since, is theirs, and Auditor never undoes it.
/// </summary>
public static class SuppressionNotes
{
    /// <summary>The note's <c>UpdatedBy</c>.</summary>
    public const string Author = "Auditor";

    public const string SuppressedPrefix = "Suppressed by Auditor";

    public const string Suppressed = "SUPPRESSED";

    public const string New = "NEW";

    public static string For(SuppressionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return $"{SuppressedPrefix} ({SuppressionFile.Key} line {rule.Line}): {rule.Reason} Owner: {rule.Owner}. Expires: {rule.Expires:yyyy-MM-dd}.";
    }

    public static string Ended(SuppressionRule? expired) => expired is null
        ? $"Auditor suppression ended: no rule in {SuppressionFile.Key} covers this finding any more."
        : $"Auditor suppression ended: the rule ({SuppressionFile.Key} line {expired.Line}, owner {expired.Owner}) expired on {expired.Expires:yyyy-MM-dd}.";

    public static bool IsAuditors(AsffFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Workflow?.Status == Suppressed
            && finding.Note is { } note
            && note.UpdatedBy == Author
            && note.Text.StartsWith(SuppressedPrefix, StringComparison.Ordinal);
    }
}
