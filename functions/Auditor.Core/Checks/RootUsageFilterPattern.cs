using System.Text;

namespace Auditor.Core.Checks;

/// <summary>
/// Decides whether a CloudWatch Logs metric filter pattern monitors root usage as CIS v1.4.0 4.3 asks:
/// <c>{ $.userIdentity.type = "Root" &amp;&amp; $.userIdentity.invokedBy NOT EXISTS &amp;&amp; $.eventType != "AwsServiceEvent" }</c>.
/// The pattern is parsed (terms, <c>&amp;&amp;</c>, <c>||</c>, parentheses; whitespace and quoting as CloudWatch Logs
/// accepts them) and passes when it matches every event the CIS pattern matches and nothing but root events: the
/// CIS pattern in any order or layout, or <c>{ $.userIdentity.type = "Root" }</c> alone, pass; a pattern that misses
/// console sign-ins, or that also matches other identities, does not.
/// </summary>
public static class RootUsageFilterPattern
{
    public const string Cis = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }";

    private const string TypeIsRoot = "$.userIdentity.type=Root";
    private const string InvokedBySelector = "$.userIdentity.invokedBy";
    private const string NotServiceEvent = "$.eventType!=AwsServiceEvent";

    public static bool MonitorsRootUsage(string? pattern)
    {
        var text = pattern?.Trim();
        if (text is null || text.Length < 2 || text[0] != '{' || text[^1] != '}')
        {
            return false;
        }

        var tokens = Tokenize(text[1..^1]);
        if (tokens is null || tokens.Count == 0)
        {
            return false;
        }

        var position = 0;
        var expression = ParseOr(tokens, ref position);
        if (expression is null || position != tokens.Count)
        {
            return false;
        }

        var (covers, rootOnly) = Analyze(expression);
        return covers && rootOnly;
    }

    /// <summary>
    /// Covers: every event of the CIS pattern matches. RootOnly: every matching event is the root user's.
    /// A term covers when it is one of the CIS terms (each holds for every CIS event); only the type term is root-only.
    /// </summary>
    private static (bool Covers, bool RootOnly) Analyze(Node node)
    {
        switch (node)
        {
            case Term term:
                var covers = term.Text is TypeIsRoot or NotServiceEvent || IsInvokedByNotExists(term.Text);
                return (covers, term.Text == TypeIsRoot);
            case And and:
                var (leftCovers, leftRoot) = Analyze(and.Left);
                var (rightCovers, rightRoot) = Analyze(and.Right);
                return (leftCovers && rightCovers, leftRoot || rightRoot);
            case Or or:
                var (aCovers, aRoot) = Analyze(or.Left);
                var (bCovers, bRoot) = Analyze(or.Right);
                return (aCovers || bCovers, aRoot && bRoot);
            default:
                return (false, false);
        }
    }

    private static bool IsInvokedByNotExists(string term) =>
        term.StartsWith(InvokedBySelector, StringComparison.Ordinal)
        && string.Equals(term[InvokedBySelector.Length..], "NOTEXISTS", StringComparison.OrdinalIgnoreCase);

    private static Node? ParseOr(List<string> tokens, ref int position)
    {
        var left = ParseAnd(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position] == "||")
        {
            position++;
            var right = ParseAnd(tokens, ref position);
            left = right is null ? null : new Or(left, right);
        }

        return left;
    }

    private static Node? ParseAnd(List<string> tokens, ref int position)
    {
        var left = ParsePrimary(tokens, ref position);
        while (left is not null && position < tokens.Count && tokens[position] == "&&")
        {
            position++;
            var right = ParsePrimary(tokens, ref position);
            left = right is null ? null : new And(left, right);
        }

        return left;
    }

    private static Node? ParsePrimary(List<string> tokens, ref int position)
    {
        if (position >= tokens.Count)
        {
            return null;
        }

        var token = tokens[position++];
        switch (token)
        {
            case "(":
                var inner = ParseOr(tokens, ref position);
                if (inner is null || position >= tokens.Count || tokens[position] != ")")
                {
                    return null;
                }

                position++;
                return inner;
            case ")" or "&&" or "||":
                return null;
            default:
                return new Term(token);
        }
    }

    /// <summary>
    /// Splits on parentheses, <c>&amp;&amp;</c> and <c>||</c> outside quotes; a term keeps its text without whitespace
    /// and quotes (<c>$.userIdentity.type = "Root"</c> becomes <c>$.userIdentity.type=Root</c>). Null for an unclosed quote.
    /// </summary>
    private static List<string>? Tokenize(string text)
    {
        var tokens = new List<string>();
        var term = new StringBuilder();
        var quoted = false;
        void EndTerm()
        {
            if (term.Length > 0)
            {
                tokens.Add(term.ToString());
                term.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    term.Append(text[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    term.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c is '(' or ')')
            {
                EndTerm();
                tokens.Add(c.ToString());
            }
            else if ((c == '&' || c == '|') && i + 1 < text.Length && text[i + 1] == c)
            {
                EndTerm();
                tokens.Add(new string(c, 2));
                i++;
            }
            else if (!char.IsWhiteSpace(c))
            {
                term.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        EndTerm();
        return tokens;
    }

    private abstract record Node;

    private sealed record Term(string Text) : Node;

    private sealed record And(Node Left, Node Right) : Node;

    private sealed record Or(Node Left, Node Right) : Node;
}
