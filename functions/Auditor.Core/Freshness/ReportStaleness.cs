using Auditor.Core.CredentialReports;

namespace Auditor.Core.Freshness;

/// <summary>
/// AWS generates a credential report at most once every four hours and returns the old one meanwhile. A report
/// older than the configured maximum age is stale: what it says is wrong is confirmed live before it is reported.
/// </summary>
public static class ReportStaleness
{
    public const int DefaultMaxAgeMinutes = 15;

    public static TimeSpan DefaultMaxAge { get; } = TimeSpan.FromMinutes(DefaultMaxAgeMinutes);

    /// <summary>How old the report is at <paramref name="now"/>; never negative (clocks disagree by a little).</summary>
    public static TimeSpan AgeOf(CredentialReport report, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var age = now - report.GeneratedTime;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    public static bool IsStale(CredentialReport report, DateTimeOffset now, TimeSpan maxAge) => AgeOf(report, now) > maxAge;
}
