namespace Auditor.Core.Policies;

/// <summary>
/// IAM action patterns (<c>s3:Get*</c>, <c>iam:?etRole</c>): matched case-insensitively, <c>*</c> any run of
/// characters, <c>?</c> any one character.
/// </summary>
public static class ActionPattern
{
    /// <summary>True when <paramref name="pattern"/> matches <paramref name="action"/>.</summary>
    public static bool Matches(string pattern, string action)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(action);
        int p = 0, a = 0, star = -1, resume = 0;
        while (a < action.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(action[a])))
            {
                p++;
                a++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = a;
            }
            else if (star >= 0)
            {
                p = star + 1;
                a = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// True when <paramref name="pattern"/> matches every action of every service: <c>*</c>, <c>*:*</c> (and the same
    /// with more stars), whatever the service and action names.
    /// </summary>
    public static bool MatchesEveryAction(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var rest = pattern.Replace("*", string.Empty, StringComparison.Ordinal);
        return pattern.Length > 0 && pattern[0] == '*' && (rest.Length == 0 || (rest == ":" && pattern[^1] == '*'));
    }
}
