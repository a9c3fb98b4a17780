using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.ApiCallBenchmark;
using Auditor.Aws;
using Auditor.Aws.Auditing;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;
using Auditor.Core.Findings;
using Auditor.Testing;

// API calls and wall time of audits against moto on loopback, in two parts, and a third on request.
//
// 1. IAM checks only, one region, dry run, by scenario:
//   - a fresh credential report (trusted as it is) at 10 and 1,000 users;
//   - a stale report at 1,000 users with 0, 10 and 100 failing users (confirmed live);
// beside a naive auditor that reads every user with per-user IAM calls (ListUsers, then GetLoginProfile,
// ListMFADevices, ListAccessKeys and GetAccessKeyLastUsed per user) over the same signed HTTP clients.
//
// 2. The full audit: every check (AuditRequest's default set), five regions, not a dry run: findings are imported
// into moto's Security Hub (BatchImportFindings, 100 a call) and what it holds is read first (GetFindings, pages of
// 100). 1,000 and 10,000 users (fresh report), each audited twice in a row: first with nothing in Security Hub, then
// with every finding there. Calls are split into fixed (must not change with users), per 100 findings (imports and
// GetFindings pages), per 1,000 virtual MFA devices (ListVirtualMFADevices) and per user (0 with a fresh report),
// beside the naive auditor's IAM reads at 1,000 users (at 10,000 only with --naive-large; otherwise extrapolated and
// labelled so). Exit code 1 when the fixed calls differ between the sizes, the per-finding calls exceed 2 per 100
// findings plus 2 per region, or the naive/Auditor ratio of IAM reads at 1,000 users is under 20.
//
// moto regenerates its credential report on every request and always dates it 2015-02-02: the report's age is set
// through tests/Auditor.Testing/StaleReportProxy (IAM behind a loopback proxy that freezes and dates the report).
// moto has no CloudTrail LookupEvents (an HTML 500: root.activity reports the CloudTrail evidence missing after one
// unretried probe per region) and no Shield GetSubscriptionState (DescribeSubscription answers).
// Users: each has an active key, every second one a console password and a virtual MFA device; a failing user's key
// is 200 days old. Part 1 also seeds groups, customer managed policies and roles in proportion (Authorization below),
// which the who-can-do-what checks read in one walk of GetAccountAuthorizationDetails. (ListVirtualMFADevices, for root.hardware-mfa, pages 1,000 devices at a time.)
//
// 3. Only with --only asff: what writing the findings as import bodies costs beside the whole audit. The full audit of
// part 2 at 5,000 users (IAM's per-account user quota), first and second, with every BatchImportFindings body Security
// Hub accepted captured on the wire; then, in process, the findings each audit imported are rebuilt, proven to pack
// into exactly the captured bodies, and written again by production's ImportBodyPacker (through the source-generated
// AsffJsonContext), timed as a share of the audit's wall time (ImportSerializationShare.cs). Five to six minutes, most
// of it seeding (three to four) and the second audit's GetFindings.
//
//   dotnet run -c Release --project benchmarks/Auditor.ApiCallBenchmark [-- --quick] [--only iam|full|asff] [--naive-large]
//
// --quick: 200 users in part 1, 100 and 300 in part 2, 300 in part 3 (under a minute each).

var quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var runIam = only is null or "iam";
var runFull = only is null or "full";
var runAsff = only is "asff";
var naiveLarge = args.Contains("--naive-large");
var large = quick ? 200 : 1000;
string[] iamChecks = ["root.mfa", "root.hardware-mfa", "root.access-keys", "iam.user-mfa", "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key",
    "iam.admin-policies", "iam.user-direct-policies", "iam.role-external-trust", "iam.password-policy", "iam.support-role"];
var benchmarkWatch = Stopwatch.StartNew();

var moto = new MotoServer { ControlTimeout = TimeSpan.FromMinutes(20) };
await moto.InitializeAsync();
await using var proxy = StaleReportProxy.Start(moto.Endpoint);
proxy.FreezeReport = false;
var rows = new List<Row>();
var full = new List<FullRow>();
var asffUsers = quick ? 300 : 5000;
var asffSeeding = TimeSpan.Zero;
var asffAudits = new List<SentAudit>();
try
{
    // Warm-up (JIT, connection pool), not measured.
    await SeedAsync(10, 1);
    proxy.ReportAge = TimeSpan.FromHours(2);
    await AuditAsync();
    await NaiveAsync();

    if (runIam)
    {
        var scenarios = new (string Name, int Users, int Failing, TimeSpan Age)[]
        {
            ("fresh report", 10, 1, TimeSpan.FromMinutes(1)),
            ("fresh report", large, large / 10, TimeSpan.FromMinutes(1)),
            ("stale report", large, 0, TimeSpan.FromHours(2)),
            ("stale report", large, 10, TimeSpan.FromHours(2)),
            ("stale report", large, 100, TimeSpan.FromHours(2)),
        };

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

    if (runFull)
    {
        // The full audit: every check, five regions, findings imported into moto's Security Hub. Each account is
        // audited three times, right after each other: first with nothing in Security Hub, then with every finding
        // there, importing everything (REFRESH_UNCHANGED_DAYS=0, as before unchanged findings were left out), then
        // once more at the default (30): nothing changed, so nothing is due.
        foreach (var users in quick ? new[] { 100, 300 } : [1000, 10000])
        {
            Console.Error.WriteLine($"full audit: seeding {users} users in one /_auditor/world call…");
            var seeding = Stopwatch.StartNew();
            await SeedFullAsync(users, users / 10);
            seeding.Stop();
            Console.Error.WriteLine($"full audit: seeded {users} users in {seeding.Elapsed.TotalSeconds:N0} s; auditing…");
            proxy.ReportAge = TimeSpan.FromMinutes(1);
            var first = await FullAuditAsync(refresh: RefreshPolicy.ImportEverything);
            Console.Error.WriteLine($"full audit: first audit {first.Calls.TotalCalls} calls in {Ms(first.Time)}; second…");
            var second = await FullAuditAsync(refresh: RefreshPolicy.ImportEverything);
            Console.Error.WriteLine($"full audit: second audit {second.Calls.TotalCalls} calls in {Ms(second.Time)}; again at the default refresh…");
            var unchanged = await FullAuditAsync(refresh: RefreshPolicy.Default);
            Console.Error.WriteLine($"full audit: second audit at the default refresh {unchanged.Calls.TotalCalls} calls in {Ms(unchanged.Time)}");
            Measured? naive = null;
            var naiveMeasured = users <= 1000 || naiveLarge;
            if (naiveMeasured)
            {
                Console.Error.WriteLine("full audit: naive baseline…");
                naive = await NaiveAsync();
            }

            full.Add(new FullRow(users, users / 10, seeding.Elapsed, first, second, naive) { SecondAtDefaultRefresh = unchanged });
        }
    }

    if (runAsff)
    {
        // The full audit's account at asffUsers users, every import body captured. A warm-up pair of audits on a
        // small account first, so neither audit measured pays for the JIT of the import and read-back paths.
        using var capture = new ImportBodyCapture();
        await SeedFullAsync(20, 2);
        proxy.ReportAge = TimeSpan.FromMinutes(1);
        await FullAuditAsync(capture, RefreshPolicy.ImportEverything);
        await FullAuditAsync(capture, RefreshPolicy.ImportEverything);
        capture.Take();

        Console.Error.WriteLine($"serialization share: seeding {asffUsers} users in one /_auditor/world call…");
        var seeding = Stopwatch.StartNew();
        await SeedFullAsync(asffUsers, asffUsers / 10);
        asffSeeding = seeding.Elapsed;
        Console.Error.WriteLine($"serialization share: seeded in {asffSeeding.TotalSeconds:N0} s; first audit…");
        var first = await FullAuditAsync(capture, RefreshPolicy.ImportEverything);
        asffAudits.Add(new SentAudit("first", first, capture.Take()));
        Console.Error.WriteLine($"serialization share: first audit in {Ms(first.Time)}; second…");
        var second = await FullAuditAsync(capture, RefreshPolicy.ImportEverything);
        asffAudits.Add(new SentAudit("second", second, capture.Take()));
        Console.Error.WriteLine($"serialization share: second audit in {Ms(second.Time)}; timing the import bodies…");
    }
}
finally
{
    await moto.DisposeAsync();
}

var exit = 0;
if (runIam)
{
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
    if (!flat)
    {
        exit = 1;
    }
}

if (runFull)
{
    exit |= ReportFull(full);
}

if (runAsff)
{
    // Timed after moto has stopped, so its process takes no CPU from the serializers.
    exit |= ImportSerializationShare.Report(asffUsers, asffUsers / 10, asffSeeding, asffAudits);
}

Console.WriteLine();
Console.WriteLine($"benchmark wall time: {benchmarkWatch.Elapsed.TotalSeconds:N0} s");
return exit;

async Task SeedAsync(int users, int failing)
{
    await moto.ResetAsync();
    await moto.SeedAsync(new JsonObject { ["users"] = UserList(users, failing), ["rootMfaEnabled"] = true, ["iam"] = Authorization(users) });
}

// Who can do what, in proportion to the users: a customer managed policy per 20 users (at least 2), five groups with
// those policies and every user in one of them, every tenth user with a policy of its own, a role per 10 users (at
// least 2) trusting Lambda with a policy attached and an inline one. GetAccountAuthorizationDetails reads them all.
static JsonObject Authorization(int users)
{
    var policyCount = Math.Max(2, users / 20);
    var document = new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray("s3:Get*", "s3:List*"), ["Resource"] = "*" }),
    };
    var trust = new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Principal"] = new JsonObject { ["Service"] = "lambda.amazonaws.com" }, ["Action"] = "sts:AssumeRole" }),
    };
    string Policy(int i) => $"policy{i % policyCount:0000}";
    return new JsonObject
    {
        ["policies"] = new JsonArray(Enumerable.Range(0, policyCount).Select(i => (JsonNode)new JsonObject { ["name"] = Policy(i), ["document"] = document.DeepClone() }).ToArray()),
        ["groups"] = new JsonArray(Enumerable.Range(0, 5).Select(g => (JsonNode)new JsonObject
        {
            ["name"] = $"group{g}",
            ["policies"] = new JsonArray(Policy(g), Policy(g + 5)),
            ["members"] = new JsonArray(Enumerable.Range(0, users).Where(u => u % 5 == g).Select(u => (JsonNode)$"user{u:00000}").ToArray()),
        }).ToArray()),
        ["userPolicies"] = new JsonArray(Enumerable.Range(0, users).Where(u => u % 10 == 0).Select(u => (JsonNode)new JsonObject
        {
            ["user"] = $"user{u:00000}",
            ["policies"] = new JsonArray(Policy(u)),
        }).ToArray()),
        ["roles"] = new JsonArray(Enumerable.Range(0, Math.Max(2, users / 10)).Select(r => (JsonNode)new JsonObject
        {
            ["name"] = $"role{r:0000}",
            ["trust"] = trust.DeepClone(),
            ["policies"] = new JsonArray(Policy(r)),
            ["inline"] = new JsonObject { ["read"] = document.DeepClone() },
        }).ToArray()),
    };
}

static JsonArray UserList(int users, int failing)
{
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

    return list;
}

// The full audit's account: the users above, Security Hub enabled in the five regions, GuardDuty enabled in two of
// them and disabled in one (none in the other two), an auto-renewing Shield Advanced subscription, and a multi-region
// trail to CloudWatch Logs with the CIS root-usage metric filter and an alarm with an action (root.usage-alarm passes,
// so its four reads are all made: DescribeTrails, GetTrailStatus, DescribeMetricFilters, DescribeAlarms).
async Task SeedFullAsync(int users, int failing)
{
    await moto.ResetAsync();
    await moto.SeedAsync(new JsonObject
    {
        ["users"] = UserList(users, failing),
        ["securityHubRegions"] = new JsonArray(FullAudit.Regions.Select(r => (JsonNode)r).ToArray()),
        ["guardDuty"] = new JsonObject { ["us-east-1"] = "ENABLED", ["eu-west-1"] = "DISABLED", ["ap-southeast-2"] = "ENABLED" },
        ["shield"] = new JsonObject { ["autoRenew"] = "ENABLED" },
        ["rootMfaEnabled"] = true,
    });

    const string bucket = "auditor-trail-logs-123456789012";
    const string group = "cloudtrail/root-usage";
    await moto.CallAsync("s3", "create_bucket", new JsonObject { ["Bucket"] = bucket });
    await moto.CallAsync("logs", "create_log_group", new JsonObject { ["logGroupName"] = group });
    var groups = await moto.CallAsync("logs", "describe_log_groups", new JsonObject { ["logGroupNamePrefix"] = group });
    await moto.CallAsync("cloudtrail", "create_trail", new JsonObject
    {
        ["Name"] = "organization-trail",
        ["S3BucketName"] = bucket,
        ["IsMultiRegionTrail"] = true,
        ["CloudWatchLogsLogGroupArn"] = groups!["logGroups"]![0]!["arn"]!.GetValue<string>(),
        ["CloudWatchLogsRoleArn"] = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role",
    });
    await moto.CallAsync("cloudtrail", "start_logging", new JsonObject { ["Name"] = "organization-trail" });
    await moto.CallAsync("logs", "put_metric_filter", new JsonObject
    {
        ["logGroupName"] = group,
        ["filterName"] = "root-usage",
        ["filterPattern"] = RootUsageFilterPattern.Cis,
        ["metricTransformations"] = new JsonArray(new JsonObject { ["metricName"] = "RootUsage", ["metricNamespace"] = "CISBenchmark", ["metricValue"] = "1" }),
    });
    var topic = (await moto.CallAsync("sns", "create_topic", new JsonObject { ["Name"] = "security-alerts" }))!["TopicArn"]!.GetValue<string>();
    await moto.CallAsync("cloudwatch", "put_metric_alarm", new JsonObject
    {
        ["AlarmName"] = "root-usage",
        ["MetricName"] = "RootUsage",
        ["Namespace"] = "CISBenchmark",
        ["Statistic"] = "Sum",
        ["Period"] = 300,
        ["EvaluationPeriods"] = 1,
        ["Threshold"] = 1,
        ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
        ["TreatMissingData"] = "notBreaching",
        ["AlarmActions"] = new JsonArray(topic),
    });
}

// One real audit: the default check set (every check), five regions, imported into Security Hub (not a dry run).
// The serialization share imports everything on both audits: it measures the import path itself.
async Task<FullMeasured> FullAuditAsync(HttpMessageHandler? innerHandler = null, RefreshPolicy? refresh = null)
{
    var counters = new CallCounters();
    var auditor = new AccountAuditor(Clients(counters, innerHandler), new AuditorOptions { Refresh = refresh ?? RefreshPolicy.Default }, TimeProvider.System);
    var watch = Stopwatch.StartNew();
    var outcome = await auditor.RunAsync(new AuditRequest(FullAudit.Regions, null, DryRun: false), CancellationToken.None);
    watch.Stop();
    if (outcome.Freshness.Unconfirmed > 0)
    {
        throw new InvalidOperationException($"live reads failed: {outcome.Freshness.UnconfirmedReason}");
    }

    if (outcome.ImportFailures.Count > 0 || !outcome.Complete)
    {
        throw new InvalidOperationException($"the audit did not import everything: {outcome.ImportFailures.Count} failures ({string.Join("; ", outcome.ImportFailures.Take(3).Select(f => $"{f.Id} ({f.Region}): {f.ErrorCode} {f.ErrorMessage}"))}), complete: {outcome.Complete}");
    }

    return new FullMeasured(counters, watch.Elapsed, outcome);
}

AwsClientFactory Clients(CallCounters counters, HttpMessageHandler? innerHandler = null)
{
    var variables = new Dictionary<string, string>(moto.AwsVariables) { ["AWS_ENDPOINT_URL_IAM"] = proxy.Endpoint.ToString().TrimEnd('/') };
    return new AwsClientFactory(new AwsEnvironment(name => variables.GetValueOrDefault(name)), new BasicAWSCredentials("testing", "testing"), new AwsResilience(ResilienceOptions.Default, counters), innerHandler);
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

// The full-audit tables and the verdict (0 = every target holds). Calls are split by what they depend on:
//   - per finding: BatchImportFindings (100 findings a call) and GetFindings (100 stored findings a page), each at
//     least one partial page per Security Hub region;
//   - per 1,000 virtual MFA devices: ListVirtualMFADevices (root.hardware-mfa must find the root's device among all);
//   - per user: GetLoginProfile, ListMFADevices, ListAccessKeys, GetAccessKeyLastUsed, ListUsers (0 with a fresh report);
//   - fixed: everything else, which must not change with the number of users.
static int ReportFull(IReadOnlyList<FullRow> full)
{
    var exit = 0;
    var importRegions = FullAudit.Regions.Length; // the hub region is one of the audited regions
    var columns = full.SelectMany(r => new[] { (Label: $"{r.Users:N0} first", r.Users, Audit: r.First), (Label: $"{r.Users:N0} second", r.Users, Audit: r.Second) }).ToList();

    Console.WriteLine();
    Console.WriteLine($"Full audit: every check ({FullAudit.CheckCount} checks), {importRegions} regions ({string.Join(", ", FullAudit.Regions)}), findings imported into moto's Security Hub; fresh credential report; {Environment.ProcessorCount} cores, moto 5.2.1 on loopback, AWS rate limits on (BatchImportFindings 10/s, GetFindings 3/s)");
    Console.WriteLine();
    Console.WriteLine("| Users | Audit | Findings | Created / updated | Total calls | Fixed | ListVirtualMFADevices | Per-user IAM | BatchImportFindings | GetFindings | Per-finding calls per 100 findings | Issue budget 10+R+⌈F/100⌉ | Fixed + ⌈devices/1000⌉ + 2⌈F/100⌉ + 2R | Retries | Time |");
    Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var (label, users, audit) in columns)
    {
        var c = Classify(audit.Calls);
        var findings = audit.Outcome.Findings.Count;
        var hundreds = (findings + 99) / 100;
        var issueBudget = 10 + importRegions + hundreds;
        var honestBudget = c.Fixed + ((users / 2) + 999) / 1000 + (2 * hundreds) + (2 * importRegions);
        Console.WriteLine($"| {users:N0} | {label.Split(' ')[1]} | {findings:N0} | {audit.Outcome.Created:N0} / {audit.Outcome.Updated:N0} | {audit.Calls.TotalCalls:N0} | {c.Fixed} | {c.VirtualMfa} | {c.PerUser} | {c.Imports} | {c.Reads} | {100.0 * (c.Imports + c.Reads) / Math.Max(1, findings):N2} | {issueBudget:N0} | {honestBudget:N0} | {audit.Calls.TotalRetries} | {Ms(audit.Time)} |");
    }

    Console.WriteLine();
    Console.WriteLine("Full audit, calls by operation (the naive baseline reads IAM only):");
    Console.WriteLine();
    var naiveColumns = full.Where(r => r.Naive is not null).Select(r => (Label: $"naive {r.Users:N0}", r.Naive!)).ToList();
    var operations = columns.SelectMany(c => c.Audit.Calls.Calls.Keys).Concat(naiveColumns.SelectMany(n => n.Item2.Calls.Calls.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
    Console.WriteLine("| Operation | Class | " + string.Join(" | ", columns.Select(c => c.Label).Concat(naiveColumns.Select(n => n.Label))) + " |");
    Console.WriteLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", columns.Count + naiveColumns.Count)));
    foreach (var operation in operations)
    {
        Console.WriteLine($"| {operation} | {ClassOf(operation)} | " + string.Join(" | ", columns.Select(c => Count(c.Audit.Calls, operation)).Concat(naiveColumns.Select(n => Count(n.Item2.Calls, operation)))) + " |");
    }

    Console.WriteLine($"| **total** | | " + string.Join(" | ", columns.Select(c => $"**{c.Audit.Calls.TotalCalls:N0}**").Concat(naiveColumns.Select(n => $"**{n.Item2.Calls.TotalCalls:N0}**"))) + " |");

    Console.WriteLine();
    Console.WriteLine("Auditor (first audit) against the naive per-user auditor (ListUsers, then GetLoginProfile, ListMFADevices, ListAccessKeys, GetAccessKeyLastUsed per user; no import):");
    Console.WriteLine();
    Console.WriteLine("| Users | Naive IAM calls | Naive time | Auditor IAM calls | Naive / Auditor (IAM reads) | Auditor all calls | Auditor time | Naive IAM + Auditor's non-IAM calls | Ratio (whole audit) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var measuredNaive = full.FirstOrDefault(r => r.Naive is not null);
    foreach (var row in full)
    {
        var iam = IamCalls(row.First.Calls);
        var nonIam = row.First.Calls.TotalCalls - iam;
        string naiveCalls, naiveTime;
        int naiveTotal;
        if (row.Naive is { } naive)
        {
            naiveTotal = naive.Calls.TotalCalls;
            naiveCalls = $"{naiveTotal:N0}";
            naiveTime = Ms(naive.Time);
        }
        else
        {
            // Not run (--naive-large runs it): four calls per user (one key each), GetAccountSummary, one ListUsers
            // page per 1,000 users; time scaled linearly from the measured size.
            naiveTotal = (4 * row.Users) + 1 + ((row.Users + 999) / 1000);
            naiveCalls = $"{naiveTotal:N0} (extrapolated)";
            naiveTime = measuredNaive is null ? "–" : $"{Ms(measuredNaive.Naive!.Time * ((double)row.Users / measuredNaive.Users))} (extrapolated)";
        }

        var ratio = (double)naiveTotal / iam;
        Console.WriteLine($"| {row.Users:N0} | {naiveCalls} | {naiveTime} | {iam} | {ratio:N0} | {row.First.Calls.TotalCalls:N0} | {Ms(row.First.Time)} | {naiveTotal + nonIam:N0} | {(double)(naiveTotal + nonIam) / row.First.Calls.TotalCalls:N1} |");
        if (row.Naive is not null && row.Users >= 1000 && ratio < 20)
        {
            Console.WriteLine($"FAIL: naive/Auditor IAM-read ratio at {row.Users:N0} users is {ratio:N1}, under 20");
            exit = 1;
        }
    }

    Console.WriteLine();
    Console.WriteLine("Seeding (one /_auditor/world call, plus 8 control calls for the trail, filter and alarm): " + string.Join(", ", full.Select(r => $"{r.Users:N0} users {r.Seeding.TotalSeconds:N0} s")));

    // moto-only behaviour: LookupEvents (not implemented: HTML 500, the probe is not retried) and GetSubscriptionState.
    var sample = full[^1].First;
    var rootActivity = sample.Outcome.Findings.Where(f => f.GeneratorId == "root.activity").Select(f => f.Compliance?.Status).FirstOrDefault();
    Console.WriteLine($"moto: root.activity is {rootActivity} (no root row, LookupEvents unimplemented); cloudtrail:LookupEvents {Count(sample.Calls, "cloudtrail:LookupEvents")} calls (one probe per region, not retried); shield:GetSubscriptionState {Count(sample.Calls, "shield:GetSubscriptionState")} (moto does not know it; DescribeSubscription answers, as it would on AWS for an active subscription's auto-renew)");
    foreach (var (label, _, audit) in columns)
    {
        if (audit.Calls.TotalRetries > 0 || audit.Calls.RetriesExhausted.Count > 0)
        {
            Console.WriteLine($"retries in {label}: {string.Join(", ", audit.Calls.RetriesByOperation.Select(p => $"{p.Key} {p.Value}"))}; exhausted: {string.Join(", ", audit.Calls.RetriesExhausted.Select(p => $"{p.Key} {p.Value}"))}");
        }
    }

    // The verdict.
    Console.WriteLine();
    foreach (var audit in new[] { "first", "second" })
    {
        var fixedCalls = full.Select(r => (r.Users, Fixed: Classify(audit == "first" ? r.First.Calls : r.Second.Calls).Fixed)).ToList();
        var same = fixedCalls.Select(f => f.Fixed).Distinct().Count() == 1;
        Console.WriteLine($"{audit} audit, user-independent calls: {string.Join(", ", fixedCalls.Select(f => $"{f.Fixed} at {f.Users:N0} users"))}: {(same ? "constant" : "NOT CONSTANT")}");
        exit |= same ? 0 : 1;
    }

    Console.WriteLine();
    Console.WriteLine("Second audit, nothing changed: importing every finding (REFRESH_UNCHANGED_DAYS=0, before) and leaving unchanged findings out (the default 30, after):");
    Console.WriteLine();
    Console.WriteLine("| Users | Findings | BatchImportFindings before | Ingested before | BatchImportFindings after | Ingested after | Unchanged after | GetFindings after | Total calls before / after |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var row in full)
    {
        var after = row.SecondAtDefaultRefresh!;
        Console.WriteLine($"| {row.Users:N0} | {row.Second.Outcome.Findings.Count:N0} | {Count(row.Second.Calls, "securityhub:BatchImportFindings"):N0} | {row.Second.Outcome.Imported:N0} | {Count(after.Calls, "securityhub:BatchImportFindings"):N0} | {after.Outcome.Imported:N0} | {after.Outcome.Unchanged:N0} | {Count(after.Calls, "securityhub:GetFindings"):N0} | {row.Second.Calls.TotalCalls:N0} / {after.Calls.TotalCalls:N0} |");
        if (after.Outcome.Imported > 0 || after.Outcome.Unchanged != after.Outcome.Findings.Count)
        {
            Console.WriteLine($"FAIL: at {row.Users:N0} users an unchanged second audit imported {after.Outcome.Imported:N0} findings ({after.Outcome.Unchanged:N0} of {after.Outcome.Findings.Count:N0} unchanged)");
            exit = 1;
        }
    }

    Console.WriteLine();
    foreach (var (label, users, audit) in columns)
    {
        var c = Classify(audit.Calls);
        var findings = audit.Outcome.Findings.Count;
        var allowed = (2 * ((findings + 99) / 100)) + (2 * importRegions);
        var devices = users / 2;
        var mfaAllowed = (devices / 1000) + 1;
        var ok = c.Imports + c.Reads <= allowed && c.PerUser == 0 && c.VirtualMfa <= mfaAllowed;
        Console.WriteLine($"{label}: per-finding calls {c.Imports + c.Reads} for {findings:N0} findings (allowed 2 per 100 + 2 per region = {allowed}); ListVirtualMFADevices {c.VirtualMfa} for {devices:N0} devices (allowed {mfaAllowed}); per-user IAM {c.PerUser}: {(ok ? "ok" : "OVER")}");
        exit |= ok ? 0 : 1;
    }

    return exit;
}

static (int Fixed, int VirtualMfa, int PerUser, int Imports, int Reads) Classify(CallCounters calls)
{
    var imports = Count(calls, "securityhub:BatchImportFindings");
    var reads = Count(calls, "securityhub:GetFindings");
    var mfa = Count(calls, "iam:ListVirtualMFADevices");
    var perUser = PerUser(calls) + Count(calls, "iam:ListUsers");
    return (calls.TotalCalls - imports - reads - mfa - perUser, mfa, perUser, imports, reads);
}

static string ClassOf(string operation) => operation switch
{
    "securityhub:BatchImportFindings" or "securityhub:GetFindings" => "per 100 findings",
    "iam:ListVirtualMFADevices" => "per 1,000 MFA devices",
    "iam:ListUsers" => "per 1,000 users",
    _ when Operations.PerUser.Contains(operation) => "per user",
    "cloudtrail:LookupEvents" or "guardduty:ListDetectors" or "guardduty:GetDetector" or "securityhub:DescribeHub" => "fixed (per region)",
    "kms:ListKeys" or "inspector2:BatchGetAccountStatus" or "access-analyzer:ListAnalyzers" => "fixed (per region)",
    "kms:DescribeKey" or "kms:GetKeyRotationStatus" => "per KMS key",
    _ => "fixed",
};

static int Count(CallCounters calls, string operation) => calls.Calls.GetValueOrDefault(operation);

static int IamCalls(CallCounters calls) => calls.Calls.Where(p => p.Key.StartsWith("iam:", StringComparison.Ordinal)).Sum(p => p.Value);

static int PerUser(CallCounters calls) => Operations.PerUser.Sum(op => calls.Calls.GetValueOrDefault(op));

static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:N0} ms";

internal sealed record Measured(CallCounters Calls, TimeSpan Time);

internal sealed record Row(string Scenario, int Users, int Failing, Measured Audit, Measured Naive);

internal sealed record FullMeasured(CallCounters Calls, TimeSpan Time, AuditOutcome Outcome);

/// <summary>One account size of the full audit; <see cref="Second"/> imports everything (refresh 0), <see cref="SecondAtDefaultRefresh"/> runs after it at the default.</summary>
internal sealed record FullRow(int Users, int Failing, TimeSpan Seeding, FullMeasured First, FullMeasured Second, Measured? Naive)
{
    public FullMeasured? SecondAtDefaultRefresh { get; init; }
}

internal static class FullAudit
{
    public static readonly string[] Regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

    public static int CheckCount => CheckCatalog.Ids.Count;
}

internal static class Operations
{
    public static readonly string[] PerUser = ["iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"];
}
