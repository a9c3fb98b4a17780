using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Cryptography;
using System.Text.Json;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;

namespace Auditor.ApiCallBenchmark;

/// <summary>One way of writing a region's findings as BatchImportFindings bodies.</summary>
/// <param name="IsSourceGeneratedContext">Whether it writes through <see cref="AsffJsonContext"/>: the path the
/// 10% rule is about.</param>
/// <param name="Bodies">The bodies, each valid until the next is asked for (as the packer hands them out).</param>
internal sealed record BodySerializer(string Name, bool IsSourceGeneratedContext, Func<IReadOnlyList<AsffFinding>, IEnumerable<ReadOnlyMemory<byte>>> Bodies);

/// <summary>One audit of the serialization-share part: its wall time, what it returned and the bodies Security Hub accepted.</summary>
internal sealed record SentAudit(string Label, FullMeasured Measured, IReadOnlyList<byte[]> Sent);

/// <summary>
/// How much of a whole audit's wall time writing its findings as import bodies takes. For exactly the findings the
/// audit imported, rebuilt in process as <c>AccountAuditor</c> hands them to <c>SecurityHubWriter</c> (each region's
/// findings through <see cref="FindingLifecycle.Plan"/> against what the region held before), and proven to be them
/// by packing them again into bodies byte-identical to the ones captured on the wire, each serializer writes them
/// region by region, 100 findings a body into one reused buffer, after warm-up; the median of several runs, the
/// serializers taking turns, is set against the audit's wall time.
/// </summary>
internal static class ImportSerializationShare
{
    /// <summary>The issue's rule: under this share of a whole audit, the source-generated context is cheap enough to be the only serializer.</summary>
    public const double ContextShareLimit = 0.10;

    private const int WarmUpRuns = 3;
    private const int MeasuredRuns = 9;
    private static readonly JsonEncodedText FindingsName = JsonEncodedText.Encode("Findings");

    /// <summary>The serializers measured: production's packer, and the source-generated context written the way the packer writes.</summary>
    public static IReadOnlyList<BodySerializer> Serializers { get; } =
    [
        new("AsffJsonContext", true, ThroughContext),
        new("ImportBodyPacker (AsffFindingWriter)", false, ThroughPacker),
    ];

    /// <summary>Prints the measurement and the choice it makes; 1 when the rebuilt findings are not what the audits sent.</summary>
    public static int Report(int users, int failing, TimeSpan seeding, IReadOnlyList<SentAudit> audits)
    {
        var exit = 0;
        var rows = new List<(SentAudit Audit, int Imported, int Bodies, long Bytes, int LargestBody, IReadOnlyList<Timing> Timings)>();
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

            foreach (var serializer in Serializers)
            {
                var mismatch = Mismatch(regions, serializer, audit.Sent);
                Console.WriteLine(mismatch is null
                    ? $"{audit.Label} audit: {serializer.Name} writes the {audit.Sent.Count:N0} bodies the audit sent, byte for byte"
                    : $"FAIL: {audit.Label} audit: {serializer.Name}: {mismatch}");
                exit |= mismatch is null ? 0 : 1;
            }

            var sizes = audit.Sent.Select(b => b.Length).ToList();
            rows.Add((audit, imported, sizes.Count, sizes.Sum(s => (long)s), sizes.DefaultIfEmpty().Max(), Time(regions)));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ASFF serialization against the whole audit: {users:N0} IAM users ({failing:N0} failing), every check ({FullAudit.CheckCount}), {FullAudit.Regions.Length} regions, findings imported into moto's Security Hub; serializers timed in process, median of {MeasuredRuns} runs after {WarmUpRuns} warm-ups; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, GC {(GCSettings.IsServerGC ? "server" : "workstation")} {GCSettings.LatencyMode}; load average {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| Audit | Findings imported | Bodies | JSON | Largest body | Audit wall time | Serializer | Median | Best | Allocated | Share of the audit |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (var (audit, imported, bodies, bytes, largest, timings) in rows)
        {
            foreach (var timing in timings)
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {audit.Label} | {imported:N0} | {bodies:N0} | {bytes / 1e6:F1} MB | {largest / 1e3:F0} KB | {audit.Measured.Time.TotalMilliseconds:N0} ms | {timing.Serializer.Name} | {timing.Median.TotalMilliseconds:F1} ms | {timing.Best.TotalMilliseconds:F1} ms | {timing.Allocated / 1e6:F1} MB | {Share(timing, audit) * 100:F2}% |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Seeding: {users:N0} users in {seeding.TotalSeconds:N0} s (one /_auditor/world call)");
        foreach (var (audit, _, _, _, _, _) in rows)
        {
            var calls = audit.Measured.Calls;
            Console.WriteLine($"{audit.Label} audit: {calls.TotalCalls:N0} calls ({calls.Calls.GetValueOrDefault("securityhub:BatchImportFindings")} BatchImportFindings, {calls.Calls.GetValueOrDefault("securityhub:GetFindings")} GetFindings), {calls.TotalRetries} retries; {audit.Measured.Outcome.Created:N0} created, {audit.Measured.Outcome.Updated:N0} updated, {audit.Measured.Outcome.Archived:N0} archived");
        }

        // The rule is read on the audit where the context weighs most: the shortest wall time.
        var context = rows.SelectMany(r => r.Timings.Where(t => t.Serializer.IsSourceGeneratedContext).Select(t => (r.Audit, Timing: t))).ToList();
        if (context.Count > 0)
        {
            var (audit, timing) = context.MaxBy(c => Share(c.Timing, c.Audit));
            var share = Share(timing, audit);
            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Rule (under {ContextShareLimit * 100:F0}% of a whole audit: one serializer): AsffJsonContext takes {timing.Median.TotalMilliseconds:F1} ms, {share * 100:F2}% of the {audit.Label} audit's {audit.Measured.Time.TotalMilliseconds:N0} ms (its largest share) → {(share < ContextShareLimit ? "keep one serializer, AsffJsonContext" : "keep the hand-written writer")}"));
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
                g => FindingLifecycle.Plan(g.ToList(), held.GetValueOrDefault(g.Key) ?? [], none, now).Imports,
                StringComparer.Ordinal);
    }

    /// <summary>Null when <paramref name="serializer"/> writes exactly the <paramref name="sent"/> bodies (in any region order); otherwise what differs.</summary>
    private static string? Mismatch(IReadOnlyList<IReadOnlyList<AsffFinding>> regions, BodySerializer serializer, IReadOnlyList<byte[]> sent)
    {
        var written = regions.SelectMany(r => serializer.Bodies(r).Select(b => Convert.ToHexString(SHA256.HashData(b.Span)))).Order(StringComparer.Ordinal).ToList();
        var captured = sent.Select(b => Convert.ToHexString(SHA256.HashData(b))).Order(StringComparer.Ordinal).ToList();
        if (written.Count != captured.Count)
        {
            return $"{written.Count:N0} bodies written, {captured.Count:N0} sent";
        }

        var different = written.Except(captured, StringComparer.Ordinal).Count();
        return different == 0 ? null : $"{different:N0} of {written.Count:N0} bodies differ from the ones sent";
    }

    /// <summary>Every serializer over every region's findings, taking turns run by run (so noise falls on all alike); median and best.</summary>
    private static List<Timing> Time(IReadOnlyList<IReadOnlyList<AsffFinding>> regions)
    {
        var samples = Serializers.ToDictionary(s => s, _ => new List<(TimeSpan Elapsed, long Allocated)>());
        for (var run = -WarmUpRuns; run < MeasuredRuns; run++)
        {
            var order = run % 2 == 0 ? Serializers : Serializers.Reverse();
            foreach (var serializer in order)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                long bytes = 0;
                foreach (var region in regions)
                {
                    foreach (var body in serializer.Bodies(region))
                    {
                        bytes += body.Length;
                    }
                }

                var elapsed = Stopwatch.GetElapsedTime(started);
                if (run >= 0)
                {
                    samples[serializer].Add((elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated));
                }

                if (bytes == 0 && regions.Any(r => r.Count > 0))
                {
                    throw new InvalidOperationException($"{serializer.Name} wrote nothing");
                }
            }
        }

        return Serializers.Select(s =>
        {
            var ordered = samples[s].OrderBy(x => x.Elapsed).ToList();
            var median = ordered[ordered.Count / 2];
            return new Timing(s, median.Elapsed, ordered[0].Elapsed, median.Allocated);
        }).ToList();
    }

    private static double Share(Timing timing, SentAudit audit) => timing.Median / audit.Measured.Time;

    private static IEnumerable<ReadOnlyMemory<byte>> ThroughPacker(IReadOnlyList<AsffFinding> findings)
    {
        // One packer per region, as SecurityHubWriter makes one per import.
        using var packer = new ImportBodyPacker();
        foreach (var body in packer.Pack(findings))
        {
            yield return body.Json;
        }
    }

    /// <summary>
    /// The source-generated context the way the packer writes: into one reused buffer, 100 findings a body. The 6 MB
    /// cut is left out: an audit's bodies are a few hundred KB (the largest is printed), so it never applies.
    /// </summary>
    private static IEnumerable<ReadOnlyMemory<byte>> ThroughContext(IReadOnlyList<AsffFinding> findings)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        for (var start = 0; start < findings.Count; start += SecurityHubClient.MaxFindingsPerImport)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteStartArray(FindingsName);
            for (var i = start; i < Math.Min(start + SecurityHubClient.MaxFindingsPerImport, findings.Count); i++)
            {
                JsonSerializer.Serialize(writer, findings[i], AsffJsonContext.Default.AsffFinding);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            if (buffer.WrittenCount > ImportBodyPacker.MaxBodyBytes)
            {
                throw new InvalidOperationException($"a body of {buffer.WrittenCount:N0} bytes: over the limit the packer would cut at");
            }

            yield return buffer.WrittenMemory;
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

    private sealed record Timing(BodySerializer Serializer, TimeSpan Median, TimeSpan Best, long Allocated);
}
