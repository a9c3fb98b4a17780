using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Auditor.Aws.Resilience;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Testing;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// Runs the audit function the way <c>scripts/invoke</c> does (<see cref="FunctionHost.Create"/> then
/// <see cref="FunctionHost.InvokeAsync"/>) against moto, with moto's variables, test credentials and fast retries.
/// </summary>
public static class AuditHarness
{
    public const string Account = MotoServer.AccountId;
    public const string AccountResource = "AWS::::Account:" + Account;
    public const string UserArnPrefix = "arn:aws:iam::" + Account + ":user/";

    /// <summary>Small delays and few retries: moto answers at once, and a failing test should fail fast.</summary>
    public static ResilienceOptions FastResilience { get; } = new()
    {
        MaxRetryAttempts = 2,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(100),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>
    /// The sample account of the end-to-end tests: Security Hub in us-east-1 and eu-west-1; a console user without
    /// MFA, one with a virtual MFA device, a user whose only key is 120 days old and unused for 60, a user with two
    /// active keys; GuardDuty ENABLED in us-east-1 and a DISABLED detector in eu-west-1; no Shield Advanced; a KMS key
    /// that rotates and one scheduled for deletion in us-east-1, one that does not rotate in eu-west-1; Inspector scanning
    /// EC2, ECR and Lambda in us-east-1, not enabled in eu-west-1. Who can do
    /// what: a customer policy allowing every action on every resource, attached to the group admins; a user with a
    /// policy of its own; a role trusting another account without an external id, a GitHub OIDC role without a sub
    /// condition, a role for Lambda; no password policy and no support role.
    /// </summary>
    public const string SampleWorld = """
        {
          "users": [
            {"name": "console-no-mfa", "password": true, "createdDaysAgo": 200, "passwordLastUsedDaysAgo": 3},
            {"name": "console-mfa", "password": true, "mfa": true, "createdDaysAgo": 200, "passwordLastUsedDaysAgo": 1},
            {"name": "stale-key", "createdDaysAgo": 130, "keys": [{"createdDaysAgo": 120, "lastUsedDaysAgo": 60}]},
            {"name": "two-keys", "createdDaysAgo": 30, "keys": [{"createdDaysAgo": 20, "lastUsedDaysAgo": 1}, {"createdDaysAgo": 10, "lastUsedDaysAgo": 2}]}
          ],
          "iam": {
            "policies": [
              {"name": "everything", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}},
              {"name": "read-logs", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:Get*", "logs:Describe*"], "Resource": "*"}]}}
            ],
            "groups": [{"name": "admins", "policies": ["everything"], "members": ["console-mfa"]}],
            "userPolicies": [{"user": "two-keys", "policies": ["read-logs"]}],
            "roles": [
              {"name": "vendor-audit", "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]}},
              {"name": "github-deploy", "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}},
              {"name": "lambda-runner", "trust": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}, "policies": ["read-logs"]}
            ]
          },
          "securityHubRegions": ["us-east-1", "eu-west-1"],
          "guardDuty": {"us-east-1": "ENABLED", "eu-west-1": "DISABLED"},
          "kmsKeys": [
            {"region": "us-east-1", "id": "11111111-1111-4111-8111-111111111111", "rotation": true},
            {"region": "us-east-1", "id": "33333333-3333-4333-8333-333333333333", "rotation": true, "pendingDeletionDays": 7},
            {"region": "eu-west-1", "id": "22222222-2222-4222-8222-222222222222"}
          ],
          "inspector": {"us-east-1": ["EC2", "ECR", "LAMBDA"]}
        }
        """;

    public const string BothRegions = """{"regions":["us-east-1","eu-west-1"]}""";

    public static async Task ResetAndSeedAsync(MotoServer moto, string world = SampleWorld)
    {
        await moto.ResetAsync();
        await moto.SeedAsync(world);
    }

    /// <param name="resilience">Retry and timeout settings (default <see cref="FastResilience"/>).</param>
    /// <param name="deadline">The invocation's deadline as Lambda would give it (default five minutes from now).</param>
    /// <param name="credentials">The credentials the clients sign with (default testing/testing).</param>
    public static async Task<AuditRun> InvokeAsync(
        MotoServer moto,
        string eventJson,
        HttpMessageHandler? handler = null,
        IReadOnlyDictionary<string, string>? extraVariables = null,
        ResilienceOptions? resilience = null,
        DateTimeOffset? deadline = null,
        Func<AWSCredentials>? credentials = null)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables, StringComparer.Ordinal);
        foreach (var (name, value) in extraVariables ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var log = new StringWriter();
        var environment = new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(TextWriter.Synchronized(log), TimeProvider.System, "INFO"),
            Resilience = resilience ?? FastResilience,
            Credentials = credentials ?? (() => new BasicAWSCredentials("testing", "testing")),
            HttpHandler = handler,
        };
        var host = FunctionHost.Create("audit", environment);
        var invocation = new Invocation($"test-{Guid.NewGuid():N}", deadline ?? DateTimeOffset.UtcNow.AddMinutes(5), null, null, Encoding.UTF8.GetBytes(eventJson));
        var result = await host.InvokeAsync(invocation, TimeProvider.System, CancellationToken.None);
        return new AuditRun(result, log.ToString());
    }

    /// <summary>Every finding in both audited regions, read back with boto3.</summary>
    public static async Task<IReadOnlyList<StoredFinding>> AllFindingsAsync(MotoServer moto)
    {
        var all = new List<StoredFinding>();
        foreach (var region in new[] { "us-east-1", "eu-west-1" })
        {
            all.AddRange((await moto.FindingsAsync(region)).Select(f => new StoredFinding(region, f)));
        }

        return all;
    }

    /// <summary>"region | check | resource | status" lines of the ACTIVE findings, sorted: a table a reader can diff.</summary>
    public static IReadOnlyList<string> ActiveTable(IEnumerable<StoredFinding> findings) =>
        findings.Where(f => f.State == "ACTIVE").Select(f => f.Line).Order(StringComparer.Ordinal).ToList();

    /// <summary>ASFF's five namespaces of finding types.</summary>
    public static readonly string[] TypeNamespaces = ["Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors", "Sensitive Data Identifications"];

    public static string ShortName(string resourceId) =>
        resourceId.StartsWith(UserArnPrefix, StringComparison.Ordinal) ? "user/" + resourceId[UserArnPrefix.Length..]
        : resourceId.StartsWith(IamArnPrefix, StringComparison.Ordinal) ? resourceId[IamArnPrefix.Length..]
        : resourceId == AccountResource ? "account"
        : resourceId;

    /// <summary>The account's IAM ARNs: roles and policies are shown as <c>role/name</c>, <c>policy/name</c>.</summary>
    public const string IamArnPrefix = "arn:aws:iam::" + Account + ":";

    public static string Line(string region, string check, string resource, string status) => $"{region} | {check} | {resource} | {status}";

    /// <summary>The findings the sample world must produce for <see cref="BothRegions"/>.</summary>
    public static IReadOnlyList<string> ExpectedSampleTable(Func<string, string, string?>? overrides = null)
    {
        var rows = new List<(string Region, string Check, string Resource, string Status)>
        {
            // moto's credential report has no <root_account> row, so root.activity cannot be evaluated there;
            // the other root checks fall back to the IAM account summary (no root MFA, no root keys).
            ("us-east-1", "root.activity", "account", "NOT_AVAILABLE"),
            ("us-east-1", "root.mfa", "account", "FAILED"),
            ("us-east-1", "root.hardware-mfa", "account", "FAILED"),
            ("us-east-1", "root.access-keys", "account", "PASSED"),
            // The sample world has no CloudTrail trail, so nothing alarms on root usage.
            ("us-east-1", "root.usage-alarm", "account", "FAILED"),
            ("us-east-1", "shield.advanced", "account", "FAILED"),
            ("us-east-1", "guardduty.enabled", "account", "PASSED"),
            ("eu-west-1", "guardduty.enabled", "account", "FAILED"),
            ("us-east-1", "iam.user-mfa", "user/console-no-mfa", "FAILED"),
            ("us-east-1", "iam.user-mfa", "user/console-mfa", "PASSED"),
            ("us-east-1", "iam.unused-credentials", "user/console-no-mfa", "PASSED"),
            ("us-east-1", "iam.unused-credentials", "user/console-mfa", "PASSED"),
            ("us-east-1", "iam.unused-credentials", "user/stale-key", "FAILED"),
            ("us-east-1", "iam.unused-credentials", "user/two-keys", "PASSED"),
            ("us-east-1", "iam.access-key-rotation", "user/console-no-mfa", "PASSED"),
            ("us-east-1", "iam.access-key-rotation", "user/console-mfa", "PASSED"),
            ("us-east-1", "iam.access-key-rotation", "user/stale-key", "FAILED"),
            ("us-east-1", "iam.access-key-rotation", "user/two-keys", "PASSED"),
            ("us-east-1", "iam.single-active-key", "user/console-no-mfa", "PASSED"),
            ("us-east-1", "iam.single-active-key", "user/console-mfa", "PASSED"),
            ("us-east-1", "iam.single-active-key", "user/stale-key", "PASSED"),
            ("us-east-1", "iam.single-active-key", "user/two-keys", "FAILED"),
            // Who can do what: the admin policy of the group admins, the user two-keys's own policy, the roles open to
            // another account and to any GitHub repository, no password policy, no support role.
            ("us-east-1", "iam.admin-policies", "policy/everything", "FAILED"),
            ("us-east-1", "iam.admin-policies", "policy/read-logs", "PASSED"),
            ("us-east-1", "iam.user-direct-policies", "user/console-no-mfa", "PASSED"),
            ("us-east-1", "iam.user-direct-policies", "user/console-mfa", "PASSED"),
            ("us-east-1", "iam.user-direct-policies", "user/stale-key", "PASSED"),
            ("us-east-1", "iam.user-direct-policies", "user/two-keys", "FAILED"),
            ("us-east-1", "iam.role-external-trust", "role/vendor-audit", "FAILED"),
            ("us-east-1", "iam.role-external-trust", "role/github-deploy", "FAILED"),
            ("us-east-1", "iam.role-external-trust", "role/lambda-runner", "PASSED"),
            ("us-east-1", "iam.password-policy", "account", "FAILED"),
            ("us-east-1", "iam.support-role", "account", "FAILED"),
            ("us-east-1", "kms.key-rotation", "arn:aws:kms:us-east-1:123456789012:key/11111111-1111-4111-8111-111111111111", "PASSED"),
            ("eu-west-1", "kms.key-rotation", "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-4222-8222-222222222222", "FAILED"),
            ("us-east-1", "kms.pending-deletion", "arn:aws:kms:us-east-1:123456789012:key/11111111-1111-4111-8111-111111111111", "PASSED"),
            ("us-east-1", "kms.pending-deletion", "arn:aws:kms:us-east-1:123456789012:key/33333333-3333-4333-8333-333333333333", "FAILED"),
            ("eu-west-1", "kms.pending-deletion", "arn:aws:kms:eu-west-1:123456789012:key/22222222-2222-4222-8222-222222222222", "PASSED"),
            ("us-east-1", "inspector.enabled", "account", "PASSED"),
            ("eu-west-1", "inspector.enabled", "account", "FAILED"),
            // moto does not implement IAM Access Analyzer: the check says it could not evaluate, region by region.
            ("us-east-1", "accessanalyzer.enabled", "account", "NOT_AVAILABLE"),
            ("eu-west-1", "accessanalyzer.enabled", "account", "NOT_AVAILABLE"),
            // The sample account is in no organization.
            ("us-east-1", "account.organization-member", "account", "FAILED"),
        };
        return rows
            .Select(r => (r.Region, r.Check, r.Resource, Status: overrides?.Invoke($"{r.Region} {r.Check}", r.Resource) ?? r.Status))
            .Where(r => r.Status != "GONE")
            .Select(r => Line(r.Region, r.Check, r.Resource, r.Status))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The ASFF fields BatchImportFindings requires, and ours in the form DESIGN.md promises.</summary>
    public static void AssertAsff(JsonObject finding, string region)
    {
        var id = finding["Id"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(id), "a finding without Id: " + finding.ToJsonString());
        var where = $"finding {id} in {region}";
        Assert.True(finding["SchemaVersion"]?.GetValue<string>() == "2018-10-08", $"{where}: SchemaVersion");
        Assert.True(finding["ProductArn"]?.GetValue<string>() == $"arn:aws:securityhub:{region}:{Account}:product/{Account}/default", $"{where}: ProductArn {finding["ProductArn"]}");
        var generator = finding["GeneratorId"]?.GetValue<string>();
        Assert.True(generator is not null && Auditor.Core.Checks.CheckCatalog.Find(generator) is not null, $"{where}: GeneratorId '{generator}' is not a check id");
        Assert.True(finding["AwsAccountId"]?.GetValue<string>() == Account, $"{where}: AwsAccountId");
        Assert.StartsWith($"auditor/{Account}/", id, StringComparison.Ordinal);
        Assert.Contains($"/{generator}/", id, StringComparison.Ordinal);
        foreach (var field in new[] { "CreatedAt", "UpdatedAt" })
        {
            var value = finding[field]?.GetValue<string>();
            Assert.True(value is not null && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _), $"{where}: {field} '{value}'");
        }

        foreach (var field in new[] { "Title", "Description" })
        {
            Assert.False(string.IsNullOrWhiteSpace(finding[field]?.GetValue<string>()), $"{where}: {field} is empty");
        }

        var resources = finding["Resources"]?.AsArray();
        Assert.True(resources is { Count: >= 1 and <= 32 }, $"{where}: Resources");
        Assert.All(resources!, r => Assert.False(string.IsNullOrEmpty(r!["Type"]?.GetValue<string>()) || string.IsNullOrEmpty(r["Id"]?.GetValue<string>()), $"{where}: a resource without Type or Id"));
        var label = finding["Severity"]?["Label"]?.GetValue<string>();
        Assert.True(label is "INFORMATIONAL" or "LOW" or "MEDIUM" or "HIGH" or "CRITICAL", $"{where}: Severity.Label '{label}'");
        var types = finding["Types"]?.AsArray();
        Assert.True(types is { Count: > 0 }, $"{where}: Types");
        // namespace/category[/classifier], in one of ASFF's five namespaces.
        Assert.All(types!, t =>
        {
            var parts = t!.GetValue<string>().Split('/');
            Assert.InRange(parts.Length, 2, 3);
            Assert.Contains(parts[0], TypeNamespaces);
        });
        var provider = finding["FindingProviderFields"];
        Assert.True(provider?["Severity"]?["Label"]?.GetValue<string>() == label, $"{where}: FindingProviderFields.Severity.Label");
        Assert.True(provider?["Types"]?.AsArray().Count == types!.Count, $"{where}: FindingProviderFields.Types");
        var status = finding["Compliance"]?["Status"]?.GetValue<string>();
        Assert.True(status is "PASSED" or "FAILED" or "WARNING" or "NOT_AVAILABLE", $"{where}: Compliance.Status '{status}'");
        if (status is "NOT_AVAILABLE" or "WARNING")
        {
            Assert.True(finding["Compliance"]?["StatusReasons"]?.AsArray().Count > 0, $"{where}: {status} without StatusReasons");
        }
    }

    /// <summary>
    /// The checks <see cref="ExpectedSampleTable"/> states results for. A check added to the catalogue since (copied
    /// from another, say) is held to the generic rules instead: it writes complete ASFF findings, at least one per scope.
    /// </summary>
    public static IReadOnlySet<string> SampleTableChecks { get; } =
        ExpectedSampleTable().Select(line => line.Split(" | ")[1]).ToHashSet(StringComparer.Ordinal);

    /// <summary>The checks with one finding per IAM user, from the credential report's user rows.</summary>
    public static IReadOnlyList<string> UserReportChecks { get; } = Auditor.Core.Checks.CheckCatalog.All
        .Where(c => c.Metadata.Reads.Contains(Auditor.Core.Evidence.EvidenceKinds.IamUsers))
        .Select(c => c.Metadata.Id)
        .ToList();

    /// <summary>
    /// The checks the credential report alone answers (the user checks and root.activity); the root MFA and key checks
    /// fall back to the IAM account summary.
    /// </summary>
    public static IReadOnlyList<string> ReportOnlyChecks { get; } = Auditor.Core.Checks.CheckCatalog.All
        .Where(c => Auditor.Core.Evaluation.CheckRunner.ReadsCredentialReport(c.Metadata) && !c.Metadata.Reads.Contains(Auditor.Core.Evidence.EvidenceKinds.AccountSummary))
        .Select(c => c.Metadata.Id)
        .ToList();

    /// <summary><see cref="ActiveTable"/> of the findings of the checks the sample table covers.</summary>
    public static IReadOnlyList<string> CoveredTable(IEnumerable<StoredFinding> findings) =>
        ActiveTable(findings.Where(f => SampleTableChecks.Contains(f.Check)));

    /// <summary>
    /// The findings an event would write for the seeded world, from a dry run of it against moto (nothing is written):
    /// what the fault tests count against, so that every check of the catalogue counts.
    /// </summary>
    public static async Task<IReadOnlyList<PlannedFinding>> PlannedFindingsAsync(MotoServer moto, string eventJson = BothRegions)
    {
        var dryRun = JsonNode.Parse(eventJson)!.AsObject();
        dryRun["dryRun"] = true;
        var response = (await InvokeAsync(moto, dryRun.ToJsonString())).Response;
        return response["dryRunFindings"]!.AsArray()
            .Select(f => new PlannedFinding(
                f!["ProductArn"]!.GetValue<string>().Split(':')[3],
                f["GeneratorId"]!.GetValue<string>(),
                f["Resources"]![0]!["Id"]!.GetValue<string>(),
                f["Compliance"]!["Status"]!.GetValue<string>()))
            .ToList();
    }

    public static IReadOnlyDictionary<string, int> Counts(IEnumerable<StoredFinding> findings) =>
        findings.GroupBy(f => $"{f.Region} {f.State} {f.ComplianceStatus}").ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>A finding a run would write: the Security Hub region it goes to, its check, resource and status.</summary>
public sealed record PlannedFinding(string Region, string Check, string ResourceId, string Status);

/// <summary>One invocation's result and its JSON log lines.</summary>
public sealed record AuditRun(InvocationResult Result, string Log)
{
    /// <summary>The response of a successful run; fails the test with the error and the log otherwise.</summary>
    public JsonObject Response
    {
        get
        {
            Assert.True(Result.Succeeded, $"the audit failed: {Result.Error?.ErrorType}: {Result.Error?.ErrorMessage}\n{Log}");
            return JsonNode.Parse(Result.Response!)!.AsObject();
        }
    }

    public FunctionError Error
    {
        get
        {
            Assert.False(Result.Succeeded, "the audit succeeded where it should have failed: " + (Result.Response is null ? string.Empty : Encoding.UTF8.GetString(Result.Response)));
            return Result.Error!;
        }
    }
}

/// <summary>A finding as boto3 read it back from one region's Security Hub.</summary>
public sealed record StoredFinding(string Region, JsonObject Json)
{
    public string FindingId => Json["Id"]!.GetValue<string>();

    public string Check => Json["GeneratorId"]!.GetValue<string>();

    public string Resource => Json["Resources"]![0]!["Id"]!.GetValue<string>();

    public string ComplianceStatus => Json["Compliance"]?["Status"]?.GetValue<string>() ?? "NONE";

    public string State => Json["RecordState"]?.GetValue<string>() ?? "ACTIVE";

    public string Line => AuditHarness.Line(Region, Check, AuditHarness.ShortName(Resource), ComplianceStatus);

    public string Field(string name) => Json[name]?.GetValue<string>() ?? string.Empty;
}

/// <summary>Records every request the AWS clients send (under the signer), then sends it on to moto.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler()
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
    }

    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string Body)> Requests { get; } = new();

    /// <summary>Every finding sent to BatchImportFindings, in the exact JSON that went over the wire.</summary>
    public IReadOnlyList<JsonObject> ImportedFindings =>
        Requests.Where(r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath.EndsWith("/findings/import", StringComparison.Ordinal))
            .SelectMany(r => JsonNode.Parse(r.Body)!["Findings"]!.AsArray().Select(f => f!.AsObject()))
            .ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue((request.Method, request.RequestUri!, body));
        return await base.SendAsync(request, cancellationToken);
    }
}

internal static class JsonText
{
    public static string Indented(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
}
