using Auditor.Core.CredentialReports;

namespace Auditor.Core.Freshness;

/// <summary>A stale report with the live answers applied: the live answer wins over the report's row.</summary>
public static class ConfirmedReport
{
    /// <param name="liveRows">Rows read live, by user name: they replace the report's row, or join the report for a user created since.</param>
    /// <param name="deleted">Users that no longer exist: their rows are removed, so their findings are archived.</param>
    public static CredentialReport Apply(CredentialReport report, IReadOnlyDictionary<string, CredentialReportRow> liveRows, IReadOnlySet<string> deleted)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(liveRows);
        ArgumentNullException.ThrowIfNull(deleted);
        var users = new List<CredentialReportRow>(report.Users.Count + liveRows.Count);
        var inReport = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in report.Users)
        {
            inReport.Add(row.User);
            if (deleted.Contains(row.User))
            {
                continue;
            }

            users.Add(liveRows.TryGetValue(row.User, out var live) ? live : row);
        }

        users.AddRange(liveRows
            .Where(l => !inReport.Contains(l.Key) && !deleted.Contains(l.Key))
            .OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => l.Value));
        return report with { Users = users };
    }
}
