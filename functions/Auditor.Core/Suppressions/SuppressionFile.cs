using System.Globalization;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Auditor.Core.Suppressions;

/// <summary>
/// The accepted risks, read from <c>config/suppressions.yaml</c>: a top-level <c>suppressions:</c> list of rules.
/// Parsing is strict, since a rule that reads differently from what its author meant would hide a failure: an unknown
/// key, a missing field, a check pattern that matches no check, an account that is not 12 digits, a date that is not
/// <c>YYYY-MM-DD</c> or lies more than <see cref="MaxDaysAhead"/> days ahead are errors naming the line. Rules that
/// have already expired are valid: they suppress nothing, and the run reports them.
/// </summary>
public sealed record SuppressionFile(IReadOnlyList<SuppressionRule> Rules)
{
    /// <summary>The object key in the report bucket.</summary>
    public const string Key = "config/suppressions.yaml";

    /// <summary>The furthest an expiry may lie ahead: a risk is accepted for a year at most, then looked at again.</summary>
    public const int MaxDaysAhead = 365;

    /// <summary>Notes are at most 512 characters in Security Hub; the reason must leave room for the owner and date.</summary>
    public const int MaxReasonLength = 300;

    public static SuppressionFile Empty { get; } = new([]);

    private static readonly string[] RuleKeys = ["check", "accounts", "resource", "regions", "reason", "owner", "expires"];

    /// <summary>The rules that have expired by <paramref name="today"/>.</summary>
    public IReadOnlyList<SuppressionRule> Expired(DateOnly today) => Rules.Where(r => r.IsExpired(today)).ToList();

    public static SuppressionFile Parse(string text, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SuppressionFileException(Line(e.Start), $"not valid YAML: {Shorten(e.Message)}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SuppressionFileException(stream.Documents.Count == 0 ? 1 : Line(stream.Documents[0].RootNode.Start), "the file must be one mapping with a 'suppressions:' list");
        }

        YamlSequenceNode? list = null;
        foreach (var (key, value) in root.Children)
        {
            if (Scalar(key) != "suppressions")
            {
                throw new SuppressionFileException(Line(key.Start), $"unknown key '{Scalar(key)}' (the file holds only 'suppressions:')");
            }

            list = value as YamlSequenceNode ?? (IsNull(value) ? new YamlSequenceNode() : throw new SuppressionFileException(Line(value.Start), "'suppressions' must be a list of rules"));
        }

        if (list is null)
        {
            throw new SuppressionFileException(Line(root.Start), "no 'suppressions:' list");
        }

        return new SuppressionFile(list.Children.Select(node => ParseRule(node, today)).ToList());
    }

    private static SuppressionRule ParseRule(YamlNode node, DateOnly today)
    {
        var line = Line(node.Start);
        if (node is not YamlMappingNode rule)
        {
            throw new SuppressionFileException(line, "a rule must be a mapping with check, accounts, resource, reason, owner and expires");
        }

        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in rule.Children)
        {
            var name = Scalar(key) ?? string.Empty;
            if (!RuleKeys.Contains(name, StringComparer.Ordinal))
            {
                throw new SuppressionFileException(Line(key.Start), $"unknown key '{name}' (a rule has {string.Join(", ", RuleKeys)})");
            }

            fields[name] = value;
        }

        string Required(string name)
        {
            if (!fields.TryGetValue(name, out var value))
            {
                throw new SuppressionFileException(line, $"the rule has no '{name}'");
            }

            return Scalar(value) is { Length: > 0 } text && text.Trim().Length > 0
                ? text.Trim()
                : throw new SuppressionFileException(Line(value.Start), $"'{name}' must be a non-empty text");
        }

        var check = Required("check");
        if (!CheckCatalog.Ids.Any(id => Glob.Matches(check, id)))
        {
            throw new SuppressionFileException(Line(fields["check"].Start), $"'check: {check}' matches no check id");
        }

        var accounts = List(fields, "accounts", line, required: true, allowAll: true, valid: AwsNames.IsAccountId, what: "a 12-digit account id");
        var regions = List(fields, "regions", line, required: false, allowAll: false, valid: r => r == "global" || AwsNames.IsRegion(r), what: "a region name or 'global'");
        var resource = Required("resource");
        var reason = Required("reason");
        if (reason.Length > MaxReasonLength)
        {
            throw new SuppressionFileException(Line(fields["reason"].Start), $"'reason' is {reason.Length} characters; at most {MaxReasonLength} fit in a Security Hub note");
        }

        var owner = Required("owner");
        var expiresText = Required("expires");
        var expiresLine = Line(fields["expires"].Start);
        if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
        {
            throw new SuppressionFileException(expiresLine, $"'expires: {expiresText}' is not a date YYYY-MM-DD");
        }

        if (expires > today.AddDays(MaxDaysAhead))
        {
            throw new SuppressionFileException(expiresLine, $"'expires: {expiresText}' is more than {MaxDaysAhead} days ahead (at most {today.AddDays(MaxDaysAhead):yyyy-MM-dd})");
        }

        return new SuppressionRule
        {
            Line = line,
            Check = check,
            Accounts = accounts,
            Resource = resource,
            Regions = regions,
            Reason = reason,
            Owner = owner,
            Expires = expires,
        };
    }

    /// <summary>A list of values, or (where <paramref name="allowAll"/>) the text <c>*</c> for all; null means all.</summary>
    private static List<string>? List(Dictionary<string, YamlNode> fields, string name, int ruleLine, bool required, bool allowAll, Func<string, bool> valid, string what)
    {
        if (!fields.TryGetValue(name, out var node))
        {
            return required ? throw new SuppressionFileException(ruleLine, $"the rule has no '{name}'") : null;
        }

        if (allowAll && Scalar(node) == "*")
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw new SuppressionFileException(Line(node.Start), allowAll ? $"'{name}' must be '*' or a list of {what}s" : $"'{name}' must be a list of {what}s");
        }

        var values = new List<string>();
        foreach (var item in sequence.Children)
        {
            var value = Scalar(item);
            if (allowAll && value == "*")
            {
                return null;
            }

            if (value is null || !valid(value))
            {
                throw new SuppressionFileException(Line(item.Start), $"'{value}' in '{name}' is not {what}");
            }

            values.Add(value);
        }

        return values;
    }

    private static string? Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value : null;

    private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static string Shorten(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
