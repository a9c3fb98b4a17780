using System.Diagnostics;
using System.Globalization;
using Auditor.Benchmarks;
using Auditor.Core.Findings;
using BenchmarkDotNet.Running;

// Scan-cost benchmarks of the audit core. scripts/bench-scan-cost runs them with a short job; any
// BenchmarkDotNet argument works, for example `--filter *Lifecycle*`. `quick` instead runs the whole scan a few
// times per size with a stopwatch (seconds, not minutes: a smoke check, not a measurement).
if (args is ["hash", ..])
{
    // A fingerprint of everything the core produces for the synthetic accounts: an optimisation of the core must
    // leave it unchanged (compare before and after).
    foreach (var users in new[] { 1_000, 10_000 })
    {
        var (_, built) = SyntheticAccount.Scan(SyntheticAccount.CredentialReportCsv(users));
        Console.WriteLine($"{users,7} users: {ImportBodies.Hash(built)}");
    }

    var lifecycle = new LifecycleBenchmarks { ExistingFindings = 20_000 };
    lifecycle.Setup();
    var plan = lifecycle.Plan();
    Console.WriteLine($"lifecycle: {plan.Created} created, {plan.Updated} updated, {plan.Archived} archived, {ImportBodies.Hash(plan.Imports)}");
    return 0;
}

if (args is ["authorization", ..])
{
    // The who-can-do-what checks over 5,000 users, 1,000 roles and 500 customer managed policies (documents decoded):
    // evaluate, and evaluate then build the findings, 9 times after 3 warm-up runs; best and median.
    var b = new AuthorizationBenchmarks();
    b.Setup();
    Console.WriteLine($"5,000 users, 1,000 roles, 500 policies: {b.Results:N0} results");
    Repeat("evaluate", () => b.Evaluate());
    Repeat("evaluate and build", () => b.EvaluateAndBuild());
    return 0;
}

if (args is ["quick", .. var sizes])
{
    // `quick [USERS …]`: the whole scan (parse, evaluate, build, pack the import bodies) 9 times per size after 3
    // warm-up runs (the JIT's first tiers), best and median, with the GC collections of the median run. Under DOTNET_GCHeapHardLimit it shows what a Lambda
    // function of that memory size sees (the GC takes 75% of the function's memory).
    var users = sizes.Length == 0 ? [1_000, 10_000, 100_000] : sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    var gc = GC.GetGCMemoryInfo();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, latency mode {System.Runtime.GCSettings.LatencyMode} (Batch: not concurrent), heap limit {gc.TotalAvailableMemoryBytes / (1024 * 1024):N0} MiB"));
    Stages(Math.Min(10_000, users.Max()));

    foreach (var count in users)
    {
        var csv = SyntheticAccount.CredentialReportCsv(count);
        var runs = new List<(TimeSpan Elapsed, long Allocated, int Collections)>();
        long bytes = 0, findings = 0;
        for (var run = -3; run < 9; run++)
        {
            var collections = GC.CollectionCount(0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var (_, built) = SyntheticAccount.Scan(csv);
            bytes = ImportBodies.Serialize(built);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (run >= 0)
            {
                runs.Add((elapsed, GC.GetAllocatedBytesForCurrentThread() - before, GC.CollectionCount(0) - collections));
            }

            findings = built.Count;
        }

        var ordered = runs.OrderBy(r => r.Elapsed).ToList();
        var median = ordered[ordered.Count / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{count,7} users: {findings,7} findings, {bytes / 1e6,7:F1} MB JSON, best {ordered[0].Elapsed.TotalMilliseconds,8:F1} ms, median {median.Elapsed.TotalMilliseconds,8:F1} ms ({median.Collections} GCs), {median.Allocated / 1e6,7:F1} MB allocated, {median.Elapsed.TotalMicroseconds * 1000 / count,7:F0} ns/user"));
    }

    return 0;
}

if (args is ["refresh", .. var refreshArgs])
{
    // `refresh [USERS]` (default 5,000): 60 nights of one account, importing everything every night (before) and
    // skipping unchanged findings with the default 30-day refresh (after). Exits 1 when the quiet month's saving is
    // under the 25x target.
    var users = refreshArgs.Length == 0 ? 5_000 : int.Parse(refreshArgs[0], CultureInfo.InvariantCulture);
    var before = RefreshSimulation.Run(users, RefreshPolicy.ImportEverything);
    var after = RefreshSimulation.Run(users, RefreshPolicy.Default);
    return RefreshReport.Print(before, after) ? 0 : 1;
}

BenchmarkSwitcher.FromAssembly(typeof(SyntheticAccount).Assembly).Run(args);
return 0;

static void Stages(int users)
{
    var b = new ScanCostBenchmarks { Users = users };
    b.Setup();
    Measure("parse", () => b.Parse());
    Measure("evaluate", () => b.Evaluate());
    Measure("build", () => b.BuildFindings());
    Measure("serialize", () => b.Serialize());
}

static void Measure(string name, Func<object> action)
{
    var best = TimeSpan.MaxValue;
    long allocated = 0;
    for (var run = 0; run < 5; run++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        action();
        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        best = elapsed < best ? elapsed : best;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-19} best {best.TotalMilliseconds,8:F1} ms, {allocated / 1e6,7:F1} MB allocated"));
}

static void Repeat(string name, Func<object> action)
{
    var runs = new List<(TimeSpan Elapsed, long Allocated)>();
    for (var run = -3; run < 9; run++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        action();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (run >= 0)
        {
            runs.Add((elapsed, GC.GetAllocatedBytesForCurrentThread() - before));
        }
    }

    var ordered = runs.OrderBy(r => r.Elapsed).ToList();
    var median = ordered[ordered.Count / 2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-19} best {ordered[0].Elapsed.TotalMilliseconds,8:F1} ms, median {median.Elapsed.TotalMilliseconds,8:F1} ms, {median.Allocated / 1e6,7:F1} MB allocated"));
}
