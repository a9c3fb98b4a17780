using Auditor.Core.CredentialReports;

namespace Auditor.Core.Findings;

/// <summary>
/// Where a result's evidence came from (<see cref="EvidenceFields.CredentialReportSource"/> or
/// <see cref="EvidenceFields.LiveSource"/>) and when: the report's <c>GeneratedTime</c>, or the time of the live
/// read. It becomes <c>auditor/EvidenceSource</c> and <c>auditor/EvidenceTime</c> in the finding's ProductFields,
/// so a reader of the console can tell how fresh a finding is.
/// </summary>
public sealed record EvidenceOrigin(string Source, DateTimeOffset Time)
{
    public bool IsLive => string.Equals(Source, EvidenceFields.LiveSource, StringComparison.Ordinal);

    /// <summary>The report's origin. Every row of a report shares it, so the last one made is kept and handed out again.</summary>
    public static EvidenceOrigin FromReport(CredentialReport report) =>
        ReportOrigins.Get((report.GeneratedTime.Ticks, report.GeneratedTime.Offset));

    // Keyed by clock time and offset, so an origin is handed out again only for exactly the report's time.
    private static readonly LastValueCache<(long Ticks, TimeSpan Offset), EvidenceOrigin> ReportOrigins =
        new(static time => new(EvidenceFields.CredentialReportSource, new DateTimeOffset(time.Ticks, time.Offset)));

    public static EvidenceOrigin Live(DateTimeOffset readAt) => new(EvidenceFields.LiveSource, readAt);

    /// <summary>A row confirmed live answers for the time it was read; any other row for the report's time.</summary>
    public static EvidenceOrigin OfRow(CredentialReport report, CredentialReportRow row) =>
        row.ConfirmedAt is { } readAt ? Live(readAt) : FromReport(report);
}
