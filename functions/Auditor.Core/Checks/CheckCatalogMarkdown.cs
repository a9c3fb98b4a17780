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
                .Append(m.CisRequirement ?? "–").Append(" | ")
                .Append(m.SecurityHubControlId ?? "–").Append(" | ")
                .Append('[').Append("docs").Append("](").Append(m.RemediationUrl).Append(") |")
                .AppendLine();
        }

        text.Append(EndMarker);
        return text.ToString();
    }
}
