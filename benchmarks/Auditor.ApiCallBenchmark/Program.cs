using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Aws;
using Auditor.Aws.Auditing;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Testing;

// API calls and wall time of one audit of the IAM checks, against moto on loopback, by scenario:
//   - a fresh credential report (trusted as it is) at 10 and 1,000 users;
//   - a stale report at 1,000 users with 0, 10 and 100 failing users (confirmed live);
// beside a naive auditor that reads every user with per-user IAM calls (ListUsers, then GetLoginProfile,
// ListMFADevices, ListAccessKeys and GetAccessKeyLastUsed per user) over the same signed HTTP clients.
//
// moto regenerates its credential report on every request and always dates it 2015-02-02: the report's age is set
// through tests/Auditor.Testing/StaleReportProxy (IAM behind a loopback proxy that freezes and dates the report).
// Dry runs: reading and writing Security Hub (O(findings / 100) by nature) is left out of the comparison.
// Users: each has an active key, every second one a console password and a virtual MFA device; a failing user's key
// is 200 days old. (ListVirtualMFADevices, for root.hardware-mfa, pages 1,000 devices at a time: one call here.)
//
//   dotnet run -c Release --project benchmarks/Auditor.ApiCallBenchmark [-- --quick]

var quick = args.Contains("--quick");
var large = quick ? 200 : 1000;
string[] iamChecks = ["root.mfa", "root.hardware-mfa", "root.access-keys", "iam.user-mfa", "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key"];

var moto = new MotoServer();
await moto.InitializeAsync();
await using var proxy = StaleReportProxy.Start(moto.Endpoint);
proxy.FreezeReport = false;
var rows = new List<Row>();
try
{
    var scenarios = new (string Name, int Users, int Failing, TimeSpan Age)[]
    {
        ("fresh report", 10, 1, TimeSpan.FromMinutes(1)),
        ("fresh report", large, large / 10, TimeSpan.FromMinutes(1)),
        ("stale report", large, 0, TimeSpan.FromHours(2)),
        ("stale report", large, 10, TimeSpan.FromHours(2)),
        ("stale report", large, 100, TimeSpan.FromHours(2)),
    };

    // Warm-up (JIT, connection pool), not measured.
    await SeedAsync(10, 1);
    proxy.ReportAge = TimeSpan.FromHours(2);
    await AuditAsync();
    await NaiveAsync();

    foreach (var (name, users, failing, age) in scenarios)
    {
        Console.Error.WriteLine($"seeding {users} users ({failing} failing)…");
        await SeedAsync(users, failing);
        proxy.ReportAge = age;
        var audit = await AuditAsync();
        var naive = await NaiveAsync();
        rows.Add(new Row(name, users, failing, audit, naive));
    }
}
finally
{
    await moto.DisposeAsync();
}

Console.WriteLine($"Auditor API calls per audit (IAM checks, dry run), {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, moto 5.2.1 on loopback");
Console.WriteLine();
Console.WriteLine("| Scenario | Users | Failing | Auditor calls | of which per-user IAM | Auditor time | Naive calls | Naive time |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine($"| {row.Scenario} | {row.Users:N0} | {row.Failing:N0} | {row.Audit.Calls.TotalCalls:N0} | {PerUser(row.Audit.Calls):N0} | {Ms(row.Audit.Time)} | {row.Naive.Calls.TotalCalls:N0} | {Ms(row.Naive.Time)} |");
}

Console.WriteLine();
Console.WriteLine("Auditor calls by operation:");
Console.WriteLine();
var operations = rows.SelectMany(r => r.Audit.Calls.Calls.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
Console.WriteLine("| Operation | " + string.Join(" | ", rows.Select(r => $"{r.Scenario.Split(' ')[0]} {r.Users:N0}/{r.Failing}")) + " |");
Console.WriteLine("|---|" + string.Concat(rows.Select(_ => "---:|")));
foreach (var operation in operations)
{
    Console.WriteLine($"| {operation} | " + string.Join(" | ", rows.Select(r => r.Audit.Calls.Calls.GetValueOrDefault(operation).ToString(CultureInfo.InvariantCulture))) + " |");
}

var fresh = rows.Where(r => r.Scenario == "fresh report").ToList();
var flat = fresh[0].Audit.Calls.TotalCalls == fresh[1].Audit.Calls.TotalCalls;
Console.WriteLine();
Console.WriteLine($"fresh report: {fresh[0].Audit.Calls.TotalCalls} calls at {fresh[0].Users} users, {fresh[1].Audit.Calls.TotalCalls} at {fresh[1].Users}: {(flat ? "flat" : "NOT FLAT")}");
return flat ? 0 : 1;

async Task SeedAsync(int users, int failing)
{
    await moto.ResetAsync();
    var list = new JsonArray();
    for (var i = 0; i < users; i++)
    {
        // Every user has one active key used yesterday (a failing user's key is 200 days old); every second user is
        // a console user with a password used yesterday and a virtual MFA device.
        var user = new JsonObject
        {
            ["name"] = $"user{i:00000}",
            ["keys"] = new JsonArray(new JsonObject { ["createdDaysAgo"] = i < failing ? 200 : 10, ["lastUsedDaysAgo"] = 1 }),
        };
        if (i % 2 == 0)
        {
            user["password"] = true;
            user["passwordLastUsedDaysAgo"] = 1;
            user["mfa"] = true;
        }

        list.Add(user);
    }

    await moto.SeedAsync(new JsonObject { ["users"] = list, ["rootMfaEnabled"] = true });
}

AwsClientFactory Clients(CallCounters counters)
{
    var variables = new Dictionary<string, string>(moto.AwsVariables) { ["AWS_ENDPOINT_URL_IAM"] = proxy.Endpoint.ToString().TrimEnd('/') };
    return new AwsClientFactory(new AwsEnvironment(name => variables.GetValueOrDefault(name)), new BasicAWSCredentials("testing", "testing"), new AwsResilience(ResilienceOptions.Default, counters));
}

async Task<Measured> AuditAsync()
{
    var counters = new CallCounters();
    var auditor = new AccountAuditor(Clients(counters), new AuditorOptions(), TimeProvider.System);
    var watch = Stopwatch.StartNew();
    var outcome = await auditor.RunAsync(new AuditRequest([MotoServer.Region], iamChecks, DryRun: true), CancellationToken.None);
    watch.Stop();
    if (outcome.Freshness.Unconfirmed > 0)
    {
        throw new InvalidOperationException($"live reads failed: {outcome.Freshness.UnconfirmedReason}");
    }

    return new Measured(counters, watch.Elapsed);
}

// The naive auditor: every user, every credential, one call each (same clients, same resilience, same concurrency 8).
async Task<Measured> NaiveAsync()
{
    var counters = new CallCounters();
    var iam = Clients(counters).Iam();
    var watch = Stopwatch.StartNew();
    await iam.GetAccountSummaryAsync(CancellationToken.None);
    var users = await iam.ListUsersAsync(CancellationToken.None);
    await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, token) =>
    {
        try
        {
            await iam.GetLoginProfileAsync(user.UserName, token);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "NoSuchEntity")
        {
        }

        await iam.ListMFADevicesAsync(user.UserName, token);
        foreach (var key in await iam.ListAccessKeysAsync(user.UserName, token))
        {
            await iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, token);
        }
    });
    watch.Stop();
    return new Measured(counters, watch.Elapsed);
}

static int PerUser(CallCounters calls) => Operations.PerUser.Sum(op => calls.Calls.GetValueOrDefault(op));

static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:N0} ms";

internal sealed record Measured(CallCounters Calls, TimeSpan Time);

internal sealed record Row(string Scenario, int Users, int Failing, Measured Audit, Measured Naive);

internal static class Operations
{
    public static readonly string[] PerUser = ["iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"];
}
