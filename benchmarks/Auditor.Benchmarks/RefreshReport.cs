using System.Globalization;

namespace Auditor.Benchmarks;

/// <summary>Prints the refresh simulation's months side by side: ingestion events, BatchImportFindings calls, dollars.</summary>
public static class RefreshReport
{
    /// <summary>The quiet month must ingest at least this many times fewer events at the default than importing everything.</summary>
    public const double TargetRatio = 25;

    /// <returns>True when the target is met.</returns>
    public static bool Print(RefreshRun before, RefreshRun after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var first = after.Nights[0];
        Line($"{after.Users:N0} users: {first.Produced:N0} findings a night; night 0 creates them all ({first.Events:N0} events, {first.ImportCalls:N0} BatchImportFindings calls).");
        Line($"{"month (30 nights)",-34} {"events, import all",20} {"events, refresh 30 d",22} {"fewer",7} {"calls before",13} {"calls after",12} {"$ before",9} {"$ after",8}");
        Row("nothing changes", before.QuietMonth, after.QuietMonth);
        Row("1% of users change each night", before.ChangingMonth, after.ChangingMonth);
        var quietRatio = Ratio(before.QuietMonth, after.QuietMonth);
        var changing = (double)RefreshRun.Events(after.ChangingMonth) / Math.Max(1, RefreshRun.Events(after.QuietMonth));
        Line($"Unchanged findings left alone: {after.QuietMonth.Sum(n => n.Unchanged):N0} in the quiet month. The changing month ingests {changing:F2}x the quiet month's events.");
        var met = quietRatio >= TargetRatio;
        if (met)
        {
            Line($"Target met: {quietRatio:F1}x fewer events in the quiet month (target {TargetRatio}x).");
        }
        else
        {
            Line($"TARGET MISSED: {quietRatio:F1}x fewer events in the quiet month (target {TargetRatio}x).");
        }
        return met;
    }

    private static void Row(string month, IEnumerable<NightImports> before, IEnumerable<NightImports> after) =>
        Line($"{month,-34} {RefreshRun.Events(before),20:N0} {RefreshRun.Events(after),22:N0} {Ratio(before, after),6:F1}x {RefreshRun.Calls(before),13:N0} {RefreshRun.Calls(after),12:N0} {RefreshRun.Dollars(before),9:F2} {RefreshRun.Dollars(after),8:F2}");

    private static double Ratio(IEnumerable<NightImports> before, IEnumerable<NightImports> after) =>
        (double)RefreshRun.Events(before) / Math.Max(1, RefreshRun.Events(after));

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
