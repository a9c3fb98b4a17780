using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Cryptography;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;

namespace Auditor.ApiCallBenchmark;

/// <summary>One audit of the serialization-share part: its wall time, what it returned and the bodies Security Hub accepted.</summary>
internal sealed record SentAudit(string Label, FullMeasured Measured, IReadOnlyList<byte[]> Sent);

/// <summary>
/// How much of a whole audit's wall time writing its findings as import bodies takes. For exactly the findings the
/// audit imported, rebuilt in process as <c>AccountAuditor</c> hands them to <c>SecurityHubWriter</c> (each region's
/// findings through <see cref="FindingLifecycle.Plan"/> against what the region held before), and proven to be them
/// by packing them again into bodies byte-identical to the ones captured on the wire, production's
/// <see cref="ImportBodyPacker"/> (which writes each finding through the source-generated <see cref="AsffJsonContext"/>)
/// writes them region by region, after warm-up; the median of several runs is set against the audit's wall time.
/// </summary>
internal static class ImportSerializationShare
{
    /// <summary>The issue's rule: under this share of a whole audit, the source-generated context is cheap enough to be the only serializer.</summary>
    public const double ContextShareLimit = 0.10;

    private const int WarmUpRuns = 3;
    private const int MeasuredRuns = 9;

    /// <summary>Prints the measurement and what it says of the rule; 1 when the rebuilt findings are not what the audits sent.</summary>
    public static int Report(int users, int failing, TimeSpan seeding, IReadOnlyList<SentAudit> audits)
    {
        var exit = 0;
        var rows = new List<(SentAudit Audit, int Imported, int Bodies, long Bytes, int LargestBody, Timing Timing)>();
        IReadOnlyDictionary<string, IReadOnlyList<AsffFinding>> held = new Dictionary<string, IReadOnlyList<AsffFinding>>(StringComparer.Ordinal);
        foreach (var audit in audits)
        {
            var imports = Imports(audit.Measured.Outcome, held);
            held = imports;
            var regions = imports.Values.ToList();
            var imported = regions.Sum(r => r.Count);
            if (imported != audit.Measured.Outcome.Imported)
            {
                Console.WriteLine($"FAIL: {audit.Label} audit: rebuilt {imported:N0} imports, the audit reported {audit.Measured.Outcome.Imported:N0}");
                exit = 1;
            }

            var mismatch = Mismatch(regions, audit.Sent);
            Console.WriteLine(mismatch is null
                ? $"{audit.Label} audit: the rebuilt findings pack into the {audit.Sent.Count:N0} bodies the audit sent, byte for byte"
                : $"FAIL: {audit.Label} audit: {mismatch}");
            exit |= mismatch is null ? 0 : 1;

            var sizes = audit.Sent.Select(b => b.Length).ToList();
            rows.Add((audit, imported, sizes.Count, sizes.Sum(s => (long)s), sizes.DefaultIfEmpty().Max(), Time(regions)));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ASFF serialization against the whole audit: {users:N0} IAM users ({failing:N0} failing), every check ({FullAudit.CheckCount}), {FullAudit.Regions.Length} regions, findings imported into moto's Security Hub; ImportBodyPacker (AsffJsonContext) timed in process, median of {MeasuredRuns} runs after {WarmUpRuns} warm-ups; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, GC {(GCSettings.IsServerGC ? "server" : "workstation")} {GCSettings.LatencyMode}; load average {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| Audit | Findings imported | Bodies | JSON | Largest body | Audit wall time | Serialization median | Best | Allocated | Share of the audit |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (audit, imported, bodies, bytes, largest, timing) in rows)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {audit.Label} | {imported:N0} | {bodies:N0} | {bytes / 1e6:F1} MB | {largest / 1e3:F0} KB | {audit.Measured.Time.TotalMilliseconds:N0} ms | {timing.Median.TotalMilliseconds:F1} ms | {timing.Best.TotalMilliseconds:F1} ms | {timing.Allocated / 1e6:F1} MB | {Share(timing, audit) * 100:F2}% |"));
        }

        Console.WriteLine();
        Console.WriteLine($"Seeding: {users:N0} users in {seeding.TotalSeconds:N0} s (one /_auditor/world call)");
        foreach (var (audit, _, _, _, _, _) in rows)
        {
            var calls = audit.Measured.Calls;
            Console.WriteLine($"{audit.Label} audit: {calls.TotalCalls:N0} calls ({calls.Calls.GetValueOrDefault("securityhub:BatchImportFindings")} BatchImportFindings, {calls.Calls.GetValueOrDefault("securityhub:GetFindings")} GetFindings), {calls.TotalRetries} retries; {audit.Measured.Outcome.Created:N0} created, {audit.Measured.Outcome.Updated:N0} updated, {audit.Measured.Outcome.Archived:N0} archived");
        }

        // The rule is read on the audit where serialization weighs most: the shortest wall time.
        if (rows.Count > 0)
        {
            var (audit, _, _, _, _, timing) = rows.MaxBy(r => Share(r.Timing, r.Audit));
            var share = Share(timing, audit);
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Rule (under {ContextShareLimit * 100:F0}% of a whole audit: one serializer, AsffJsonContext): it takes {timing.Median.TotalMilliseconds:F1} ms, {share * 100:F2}% of the {audit.Label} audit's {audit.Measured.Time.TotalMilliseconds:N0} ms (its largest share): {(share < ContextShareLimit ? "holds" : "DOES NOT HOLD")}"));
        }

        return exit;
    }

    /// <summary>
    /// The findings an audit imported, region by region (keyed by product ARN, in the audit's order), as
    /// <c>AccountAuditor</c> plans them: every finding the run produced, against what the region held before
    /// (<paramref name="held"/>: the previous audit's imports). Nothing is archived here, so no evaluated scope is
    /// needed; an audit that archived anything would not match the bodies it sent.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<AsffFinding>> Imports(Auditor.Aws.Auditing.AuditOutcome outcome, IReadOnlyDictionary<string, IReadOnlyList<AsffFinding>> held)
    {
        // FindingFactory stamps every finding with the run's clock: that is the 'now' the lifecycle was planned with.
        var now = outcome.Findings[0].UpdatedAt!.Value;
        if (outcome.Findings.Any(f => f.UpdatedAt != now))
        {
            throw new InvalidOperationException("the audit's findings carry more than one UpdatedAt: the run's clock cannot be recovered");
        }

        var none = new HashSet<FindingScope>();
        return outcome.Findings
            .GroupBy(f => f.ProductArn, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => FindingLifecycle.Plan(g.ToList(), held.GetValueOrDefault(g.Key) ?? [], none, now, RefreshPolicy.ImportEverything).Imports,
                StringComparer.Ordinal);
    }

    /// <summary>Null when the packer writes exactly the <paramref name="sent"/> bodies (in any region order); otherwise what differs.</summary>
    private static string? Mismatch(IReadOnlyList<IReadOnlyList<AsffFinding>> regions, IReadOnlyList<byte[]> sent)
    {
        var written = regions.SelectMany(r => Bodies(r).Select(b => Convert.ToHexString(SHA256.HashData(b.Span)))).Order(StringComparer.Ordinal).ToList();
        var captured = sent.Select(b => Convert.ToHexString(SHA256.HashData(b))).Order(StringComparer.Ordinal).ToList();
        if (written.Count != captured.Count)
        {
            return $"{written.Count:N0} bodies written, {captured.Count:N0} sent";
        }

        var different = written.Except(captured, StringComparer.Ordinal).Count();
        return different == 0 ? null : $"{different:N0} of {written.Count:N0} bodies differ from the ones sent";
    }

    /// <summary>The packer over every region's findings, after warm-up; median and best.</summary>
    private static Timing Time(IReadOnlyList<IReadOnlyList<AsffFinding>> regions)
    {
        var samples = new List<(TimeSpan Elapsed, long Allocated)>();
        for (var run = -WarmUpRuns; run < MeasuredRuns; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            long bytes = 0;
            foreach (var region in regions)
            {
                foreach (var body in Bodies(region))
                {
                    bytes += body.Length;
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (run >= 0)
            {
                samples.Add((elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated));
            }

            if (bytes == 0 && regions.Any(r => r.Count > 0))
            {
                throw new InvalidOperationException("the packer wrote nothing");
            }
        }

        var ordered = samples.OrderBy(x => x.Elapsed).ToList();
        var median = ordered[ordered.Count / 2];
        return new Timing(median.Elapsed, ordered[0].Elapsed, median.Allocated);
    }

    private static double Share(Timing timing, SentAudit audit) => timing.Median / audit.Measured.Time;

    private static IEnumerable<ReadOnlyMemory<byte>> Bodies(IReadOnlyList<AsffFinding> findings)
    {
        // One packer per region, as SecurityHubWriter makes one per import.
        using var packer = new ImportBodyPacker();
        foreach (var body in packer.Pack(findings))
        {
            yield return body.Json;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private sealed record Timing(TimeSpan Median, TimeSpan Best, long Allocated);
}
