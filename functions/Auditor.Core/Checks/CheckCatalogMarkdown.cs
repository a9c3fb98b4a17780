using System.Text;

namespace Auditor.Core.Checks;

/// <summary>The check catalogue as the README's Markdown table, generated from the checks' metadata.</summary>
public static class CheckCatalogMarkdown
{
    public const string StartMarker = "<!-- check-catalogue:start (generated from the checks' metadata; see tests) -->";
    public const string EndMarker = "<!-- check-catalogue:end -->";

    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(StartMarker);
        text.AppendLine("| Check id | Passes when | Severity when failed | Scope | CIS v3.0.0 | Security Hub control | Remediation |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var check in CheckCatalog.All)
        {
            var m = check.Metadata;
            text.Append("| `").Append(m.Id).Append("` | ")
                .Append(m.Title).Append(" | ")
                .Append(m.Severity.ToString().ToUpperInvariant()).Append(" | ")
                .Append(m.Scope == CheckScope.Global ? "account" : "each region").Append(" | ")
                .Append(Cis(m)).Append(" | ")
                .Append(m.SecurityHubControlId ?? "–").Append(" | ")
                .Append('[').Append("docs").Append("](").Append(m.RemediationUrl).Append(") |")
                .AppendLine();
        }

        text.Append(EndMarker);
        return text.ToString();
    }

    /// <summary>The requirement; one of an earlier benchmark version names that version.</summary>
    private static string Cis(CheckMetadata m) => m.CisRequirement switch
    {
        null => "–",
        { } requirement when m.CisBenchmark == CheckMetadata.CisVersion => requirement,
        { } requirement => $"{requirement} ({m.CisBenchmark[(m.CisBenchmark.LastIndexOf(' ') + 1)..]})",
    };
}
