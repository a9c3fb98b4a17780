using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Benchmarks;

/// <summary>
/// Sixty nightly audits of one synthetic account against an in-memory Security Hub that keeps what is imported, with
/// the real evaluation and lifecycle: the first night creates every finding, then 30 nights on which nothing in the
/// account changes (only time passes: keys age past the rotation limit, credentials pass the unused threshold), then
/// 30 nights on which 1% of the users change (an MFA device added or removed, access key 1 rotated). Counts what each
/// night imports under a refresh policy: Security Hub CSPM bills every imported finding (an ingestion event).
/// </summary>
public static class RefreshSimulation
{
    public const int NightsPerMonth = 30;

    /// <summary>Security Hub CSPM's price per finding ingestion event beyond the free 10,000 per account, region and month.</summary>
    public const decimal PricePerEvent = 0.00003m;

    public const int FreeEventsPerMonth = 10_000;

    public static RefreshRun Run(int users, RefreshPolicy policy)
    {
        var baseline = CredentialReportParser.Parse(SyntheticAccount.CredentialReportCsv(users), SyntheticAccount.ReportGeneratedAt);
        var rows = baseline.Users.ToArray();
        var random = new Random(7);
        var hub = new Dictionary<string, AsffFinding>(StringComparer.Ordinal);
        var nights = new List<NightImports>();
        for (var night = 0; night <= 2 * NightsPerMonth; night++)
        {
            var now = SyntheticAccount.Now.AddDays(night);
            if (night > NightsPerMonth)
            {
                for (var i = 0; i < Math.Max(1, users / 100); i++)
                {
                    var n = random.Next(rows.Length);
                    rows[n] = Changed(rows[n], now);
                }
            }

            var report = baseline with { GeneratedTime = now.AddHours(-1), Users = rows.ToArray() };
            var evaluation = CheckRunner.Evaluate(SyntheticAccount.Snapshot(report, now), CheckCatalog.All, AuditSettings.Default, now);
            var produced = SyntheticAccount.CreateFindings(evaluation, now);
            nights.Add(Audit(hub, produced, evaluation.EvaluatedScopes, now, policy));
        }

        return new RefreshRun(users, policy, nights);
    }

    /// <summary>One night's import, region by region, into the simulated Security Hub.</summary>
    private static NightImports Audit(Dictionary<string, AsffFinding> hub, List<AsffFinding> produced, IReadOnlySet<FindingScope> scopes, DateTimeOffset now, RefreshPolicy policy)
    {
        var events = new Dictionary<string, int>(StringComparer.Ordinal);
        int calls = 0, unchanged = 0;
        foreach (var region in produced.GroupBy(f => f.ProductArn, StringComparer.Ordinal))
        {
            var stored = hub.Values.Where(f => f.ProductArn == region.Key).ToList();
            var plan = FindingLifecycle.Plan(region.ToList(), stored, scopes, now, policy);
            foreach (var import in plan.Imports)
            {
                hub[import.ProductArn + "\n" + import.Id] = import with { Region = RegionOf(import.ProductArn) };
            }

            events[RegionOf(region.Key)] = plan.Imports.Count;
            calls += (plan.Imports.Count + 99) / 100;
            unchanged += plan.Unchanged;
        }

        return new NightImports(produced.Count, events, calls, unchanged);
    }

    private static string RegionOf(string productArn) => productArn.Split(':')[3];

    private static CredentialReportRow Changed(CredentialReportRow row, DateTimeOffset now) => row with
    {
        MfaActive = !row.MfaActive,
        AccessKey1 = row.AccessKey1.Active ? row.AccessKey1 with { LastRotated = now.AddHours(-2), LastUsedDate = null } : row.AccessKey1,
    };
}

/// <summary>What one night imported: ingestion events by region, BatchImportFindings calls, findings left unchanged.</summary>
public sealed record NightImports(int Produced, IReadOnlyDictionary<string, int> EventsByRegion, int ImportCalls, int Unchanged)
{
    public int Events => EventsByRegion.Values.Sum();
}

/// <summary>Sixty nights under one policy: night 0 creates, nights 1–30 are the quiet month, 31–60 the changing month.</summary>
public sealed record RefreshRun(int Users, RefreshPolicy Policy, IReadOnlyList<NightImports> Nights)
{
    public IEnumerable<NightImports> QuietMonth => Nights.Skip(1).Take(RefreshSimulation.NightsPerMonth);

    public IEnumerable<NightImports> ChangingMonth => Nights.Skip(1 + RefreshSimulation.NightsPerMonth);

    public static int Events(IEnumerable<NightImports> nights) => nights.Sum(n => n.Events);

    public static int Calls(IEnumerable<NightImports> nights) => nights.Sum(n => n.ImportCalls);

    /// <summary>The month's bill: each region's events beyond the free 10,000, at $0.00003.</summary>
    public static decimal Dollars(IEnumerable<NightImports> nights) =>
        nights.SelectMany(n => n.EventsByRegion)
            .GroupBy(e => e.Key, StringComparer.Ordinal)
            .Sum(region => Math.Max(0, region.Sum(e => e.Value) - RefreshSimulation.FreeEventsPerMonth) * RefreshSimulation.PricePerEvent);
}
