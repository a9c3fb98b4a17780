using System.Globalization;

namespace Auditor.Core.Tests.Support;

/// <summary>The fixed "now" of every test; fixture dates are written relative to it.</summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When the fixtures' credential reports were generated: an hour before <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset ReportGeneratedAt = Now.AddHours(-1);

    public static DateTimeOffset DaysAgo(double days) => Now - TimeSpan.FromDays(days);

    /// <summary>A credential report date, in the report's own <c>+00:00</c> form.</summary>
    public static string ReportDate(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string ReportDaysAgo(double days) => ReportDate(DaysAgo(days));

    /// <summary>A date <paramref name="days"/> before <see cref="Now"/> as a finding's text shows it.</summary>
    public static string FindingDaysAgo(double days) => Auditor.Core.Findings.AsffTimestampConverter.ToAsff(DaysAgo(days));
}
