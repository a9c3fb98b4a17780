using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.OrganizationHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// An organization audited end to end on moto: the audit function in organization mode lists the accounts and
/// queues one message per ACTIVE, non-excluded account; the queued messages, read back with SQS ReceiveMessage, are
/// the worker's SQS event; the worker assumes each account's audit role and imports that account's findings into
/// that account's own Security Hub. moto lets any role be assumed, so the account "without the audit role" is made
/// to fail as AWS fails it: <see cref="AssumeRoleRefusingProxy"/> sits between the worker and moto's STS and answers
/// AssumeRole for that account's role with AWS's 403 AccessDenied.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class OrganizationEndToEndTests
{
    private const string Management = MotoServer.AccountId;
    private readonly MotoServer _moto;

    public OrganizationEndToEndTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task Dispatch_queues_exactly_the_active_non_excluded_accounts_and_the_worker_fills_each_accounts_own_Security_Hub()
    {
        var org = await SeedAsync();
        var queueUrl = await CreateQueueAsync(_moto);

        // 1. Dispatch.
        var dispatch = (await InvokeAsync("dispatch", _moto, """{"accounts":"all","regions":["us-east-1"]}""", Dispatcher(queueUrl, exclude: org["excluded"]))).Response;

        string[] expected = [Management, org["alpha"], org["beta"], org["no-role"]];
        Assert.Equal(4, dispatch["queued"]!.GetValue<int>());
        Assert.Equal(expected.Order(StringComparer.Ordinal), Strings(dispatch["queuedAccounts"]).Order(StringComparer.Ordinal));
        Assert.Equal(7, dispatch["accountsListed"]!.GetValue<int>());
        Assert.Equal([org["excluded"]], Strings(dispatch["excluded"]));
        var notActive = dispatch["notActive"]!.AsArray().ToDictionary(a => a!["accountId"]!.GetValue<string>(), a => a!["state"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { [org["suspended"]] = "SUSPENDED", [org["closing"]] = "PENDING_CLOSURE" }, notActive);
        Assert.Empty(dispatch["failed"]!.AsArray());
        var runId = dispatch["runId"]!.GetValue<string>();
        Assert.Matches(@"^\d{8}T\d{6}Z-[0-9a-f]{8}$", runId);
        Assert.Equal(1, dispatch["apiCallsByOperation"]!["organizations:ListAccounts"]!.GetValue<int>());
        Assert.Equal(1, dispatch["apiCallsByOperation"]!["sqs:SendMessageBatch"]!.GetValue<int>());

        // 2. What is on the queue: one message per queued account, with the run id, regions and account.
        var messages = await ReceiveAllAsync(_moto, queueUrl);
        Assert.Equal(expected.Order(StringComparer.Ordinal), messages.Select(AccountOf).Order(StringComparer.Ordinal));
        foreach (var message in messages)
        {
            var body = JsonNode.Parse(message["Body"]!.GetValue<string>())!;
            Assert.Equal(runId, body["runId"]!.GetValue<string>());
            Assert.Equal(["us-east-1"], Strings(body["regions"]));
            Assert.Equal(1, body["version"]!.GetValue<int>());
        }

        // 3. The worker, on the SQS event Lambda would build from those messages.
        using var proxy = new AssumeRoleRefusingProxy(_moto.Endpoint, [RoleArn(org["no-role"])]);
        var run = await InvokeAsync("worker", _moto, SqsEvent(messages), Worker(proxy));
        var response = run.Response;

        // Exactly the account without the role is a batch item failure; nothing else fails.
        var brokenMessageId = messages.Single(m => AccountOf(m) == org["no-role"])["MessageId"]!.GetValue<string>();
        var failures = response["batchItemFailures"]!.AsArray();
        Assert.Equal([brokenMessageId], failures.Select(f => f!["itemIdentifier"]!.GetValue<string>()));
        Assert.All(failures, f => Assert.Equal(["itemIdentifier"], f!.AsObject().Select(p => p.Key)));
        var results = response["accounts"]!.AsArray().ToDictionary(a => a!["accountId"]!.GetValue<string>(), a => a!.AsObject());
        Assert.Equal("FAILED", results[org["no-role"]]["status"]!.GetValue<string>());
        Assert.Equal("Aws.AccessDenied", results[org["no-role"]]["errorType"]!.GetValue<string>());
        Assert.Contains($"is not authorized to perform: sts:AssumeRole on resource: {RoleArn(org["no-role"])}", results[org["no-role"]]["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var account in expected.Where(a => a != org["no-role"]))
        {
            Assert.True(results[account]["status"]!.GetValue<string>() == "AUDITED", $"{account}: {results[account].ToJsonString()}\n{run.Log}");
        }

        // The refusal is in the logs, with the account and the AWS error.
        var refusal = run.Log.Split('\n').Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)
            .Single(l => l["level"]!.GetValue<string>() == "ERROR" && l["accountId"]?.GetValue<string>() == org["no-role"]);
        Assert.Equal("Aws.AccessDenied", refusal["errorType"]!.GetValue<string>());
        Assert.Equal(RoleArn(org["no-role"]), refusal["roleArn"]!.GetValue<string>());

        // Every AssumeRole named the run and carried the external id.
        var calls = proxy.AssumeRoleCalls.ToList();
        Assert.Equal(expected.Select(RoleArn).Order(StringComparer.Ordinal), calls.Select(c => c.RoleArn).Order(StringComparer.Ordinal));
        Assert.All(calls, c =>
        {
            Assert.Equal($"auditor-{runId}", c.SessionName);
            Assert.Equal(ExternalId, c.ExternalId);
        });

        // 4. Each audited account's findings are in its own Security Hub, under its own product ARN, about itself.
        foreach (var account in expected.Where(a => a != org["no-role"]))
        {
            var findings = await _moto.FindingsOfAsync(account);
            Assert.NotEmpty(findings);
            Assert.Equal(results[account]["imported"]!.GetValue<int>(), findings.Count);
            Assert.All(findings, f =>
            {
                Assert.Equal(account, f["AwsAccountId"]!.GetValue<string>());
                Assert.Equal($"arn:aws:securityhub:us-east-1:{account}:product/{account}/default", f["ProductArn"]!.GetValue<string>());
                Assert.StartsWith($"auditor/{account}/", f["Id"]!.GetValue<string>(), StringComparison.Ordinal);
            });
        }

        // The accounts' own problems: alpha's console user without MFA fails iam.user-mfa; beta has no users.
        var alpha = await _moto.FindingsOfAsync(org["alpha"]);
        var userMfa = Assert.Single(alpha, f => f["GeneratorId"]!.GetValue<string>() == "iam.user-mfa");
        Assert.Equal("FAILED", userMfa["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal($"arn:aws:iam::{org["alpha"]}:user/developer", userMfa["Resources"]![0]!["Id"]!.GetValue<string>());
        Assert.DoesNotContain(await _moto.FindingsOfAsync(org["beta"]), f => f["GeneratorId"]!.GetValue<string>() == "iam.user-mfa");

        // Nothing was written for the account without the role, the excluded one or the inactive ones.
        foreach (var name in new[] { "no-role", "excluded", "suspended", "closing" })
        {
            Assert.Empty(await _moto.FindingsOfAsync(org[name]));
        }
    }

    [Fact]
    public async Task An_explicit_accounts_list_queues_just_those_and_an_inactive_one_in_it_queues_nothing()
    {
        var org = await SeedAsync();
        var queueUrl = await CreateQueueAsync(_moto);

        var refused = await InvokeAsync("dispatch", _moto, $$"""{"accounts":["{{org["alpha"]}}","{{org["suspended"]}}"]}""", Dispatcher(queueUrl));
        Assert.Equal("InvalidRequest", refused.Error.ErrorType);
        Assert.Contains($"{org["suspended"]} is SUSPENDED, not ACTIVE", refused.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await ReceiveAllAsync(_moto, queueUrl));

        var excluded = await InvokeAsync("dispatch", _moto, $$"""{"accounts":["{{org["excluded"]}}"]}""", Dispatcher(queueUrl, exclude: org["excluded"]));
        Assert.Contains("is excluded by AUDIT_EXCLUDE_ACCOUNTS", excluded.Error.ErrorMessage, StringComparison.Ordinal);

        var stranger = await InvokeAsync("dispatch", _moto, """{"accounts":["999999999999"]}""", Dispatcher(queueUrl));
        Assert.Contains("999999999999 is not an account of the organization", stranger.Error.ErrorMessage, StringComparison.Ordinal);

        var response = (await InvokeAsync("dispatch", _moto, $$"""{"accounts":["{{org["beta"]}}","{{org["alpha"]}}"],"checks":["iam.user-mfa"],"dryRun":true}""", Dispatcher(queueUrl))).Response;
        Assert.Equal(2, response["queued"]!.GetValue<int>());
        var messages = await ReceiveAllAsync(_moto, queueUrl);
        Assert.Equal(new[] { org["alpha"], org["beta"] }.Order(StringComparer.Ordinal), messages.Select(AccountOf).Order(StringComparer.Ordinal));
        Assert.All(messages, m =>
        {
            var body = JsonNode.Parse(m["Body"]!.GetValue<string>())!;
            Assert.Equal(["iam.user-mfa"], Strings(body["checks"]));
            Assert.True(body["dryRun"]!.GetValue<bool>());
            Assert.Null(body["regions"]);
        });
    }

    [Fact]
    public async Task A_message_that_is_not_an_audit_message_fails_alone()
    {
        var org = await SeedAsync();
        var queueUrl = await CreateQueueAsync(_moto);
        _ = (await InvokeAsync("dispatch", _moto, $$"""{"accounts":["{{org["beta"]}}"],"regions":["us-east-1"]}""", Dispatcher(queueUrl))).Response;
        var good = Assert.Single(await ReceiveAllAsync(_moto, queueUrl));
        var poison = new JsonObject
        {
            ["MessageId"] = "poison-1",
            ["ReceiptHandle"] = "rh",
            ["Body"] = """{"version":1,"runId":"r1","accountId":"not-an-account"}""",
            ["MD5OfBody"] = "x",
            ["Attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "3" },
        };

        using var proxy = new AssumeRoleRefusingProxy(_moto.Endpoint, []);
        var response = (await InvokeAsync("worker", _moto, SqsEvent([good, poison]), Worker(proxy))).Response;

        Assert.Equal(["poison-1"], response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>()));
        var poisoned = response["accounts"]!.AsArray().Single(a => a!["messageId"]!.GetValue<string>() == "poison-1")!;
        Assert.Equal("InvalidMessage", poisoned["errorType"]!.GetValue<string>());
        Assert.Equal(3, poisoned["receiveCount"]!.GetValue<int>());
        Assert.NotEmpty(await _moto.FindingsOfAsync(org["beta"]));
    }

    [Fact]
    public async Task A_scheduled_dispatch_run_again_for_the_same_event_queues_no_account_twice()
    {
        // Lambda delivers an asynchronous event at least once: the same EventBridge event may dispatch twice.
        var org = await SeedAsync();
        var queueUrl = (await _moto.CallAsync("sqs", "create_queue", new JsonObject
        {
            ["QueueName"] = "auditor-audit-queue.fifo",
            ["Attributes"] = new JsonObject { ["FifoQueue"] = "true" },
        }))!["QueueUrl"]!.GetValue<string>();
        var scheduled = File.ReadAllText(RepositoryPaths.Of("events", "scheduled.json"));

        var first = (await InvokeAsync("dispatch", _moto, scheduled, Dispatcher(queueUrl))).Response;
        var second = (await InvokeAsync("dispatch", _moto, scheduled, Dispatcher(queueUrl))).Response;

        Assert.Equal("event-53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", first["runId"]!.GetValue<string>());
        Assert.Equal(first["runId"]!.GetValue<string>(), second["runId"]!.GetValue<string>());
        var messages = await ReceiveAllAsync(_moto, queueUrl);
        string[] active = [Management, org["alpha"], org["beta"], org["no-role"], org["excluded"]];
        Assert.Equal(active.Order(StringComparer.Ordinal), messages.Select(AccountOf).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal(AccountOf(m), m["Attributes"]!["MessageGroupId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_worker_refuses_a_queued_account_the_dispatcher_would_not_queue_and_enters_none_of_them()
    {
        // Anyone able to send to the queue could forge these; the worker checks each account itself.
        var org = await SeedAsync();
        JsonObject Forged(string id, string account) => new()
        {
            ["MessageId"] = id,
            ["ReceiptHandle"] = "rh-" + id,
            ["Body"] = $$"""{"version":1,"runId":"forged-1","accountId":"{{account}}","regions":["us-east-1"]}""",
            ["MD5OfBody"] = "x",
        };
        JsonObject[] messages = [Forged("stranger", "999999999999"), Forged("excluded", org["excluded"]), Forged("suspended", org["suspended"]), Forged("beta", org["beta"])];

        using var proxy = new AssumeRoleRefusingProxy(_moto.Endpoint, []);
        var run = await InvokeAsync("worker", _moto, SqsEvent(messages), new Dictionary<string, string>(Worker(proxy)) { ["AUDIT_EXCLUDE_ACCOUNTS"] = org["excluded"] });
        var response = run.Response;

        Assert.Equal(["excluded", "stranger", "suspended"], response["batchItemFailures"]!.AsArray().Select(f => f!["itemIdentifier"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var results = response["accounts"]!.AsArray().ToDictionary(a => a!["messageId"]!.GetValue<string>(), a => a!.AsObject());
        Assert.Equal("AccountNotInOrganization", results["stranger"]["errorType"]!.GetValue<string>());
        Assert.Contains("999999999999 is not an account of the worker's organization", results["stranger"]["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("AccountExcluded", results["excluded"]["errorType"]!.GetValue<string>());
        Assert.Contains("is excluded by AUDIT_EXCLUDE_ACCOUNTS", results["excluded"]["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("AccountNotActive", results["suspended"]["errorType"]!.GetValue<string>());
        Assert.Contains($"{org["suspended"]} is SUSPENDED, not ACTIVE", results["suspended"]["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("AUDITED", results["beta"]["status"]!.GetValue<string>());

        // None of the refused accounts was entered or written; the good one was.
        Assert.Equal([RoleArn(org["beta"])], proxy.AssumeRoleCalls.Select(c => c.RoleArn));
        foreach (var account in new[] { "999999999999", org["excluded"], org["suspended"] })
        {
            Assert.Empty(await _moto.FindingsOfAsync(account));
        }

        Assert.NotEmpty(await _moto.FindingsOfAsync(org["beta"]));
    }

    [Fact]
    public async Task Accounts_all_sent_to_the_audit_function_is_refused_before_any_call()
    {
        var run = await InvokeAsync("audit", _moto, """{"accounts":"all"}""", new Dictionary<string, string>());

        Assert.Equal("InvalidEvent", run.Error.ErrorType);
        Assert.Contains("invoke the dispatch function", run.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("OrganizationMode=true", run.Error.ErrorMessage, StringComparison.Ordinal);
    }

    private static string RoleArn(string account) => $"arn:aws:iam::{account}:role/{RoleName}";

    private static Dictionary<string, string> Dispatcher(string queueUrl, string? exclude = null) => new Dictionary<string, string>
    {
        ["AUDIT_QUEUE_URL"] = queueUrl,
        ["AUDIT_EXCLUDE_ACCOUNTS"] = exclude ?? string.Empty,
    };

    private static Dictionary<string, string> Worker(AssumeRoleRefusingProxy proxy) => new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_STS"] = proxy.Url,
        ["AUDIT_ROLE_NAME"] = RoleName,
        ["AUDIT_EXTERNAL_ID"] = ExternalId,
    };

    private static IEnumerable<string> Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>());

    /// <summary>
    /// The management account (Security Hub on) and six members: alpha (a console user without MFA), beta, no-role
    /// (its audit role is refused by the proxy), excluded (named by AUDIT_EXCLUDE_ACCOUNTS in the tests that say so),
    /// suspended (closed) and closing (PENDING_CLOSURE).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> SeedAsync()
    {
        await _moto.ResetAsync();
        await _moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        return await _moto.SeedOrganizationAsync(JsonNode.Parse("""
            {"accounts": [
              {"name": "alpha", "securityHubRegions": ["us-east-1"], "users": [{"name": "developer", "password": true}]},
              {"name": "beta", "securityHubRegions": ["us-east-1"]},
              {"name": "no-role", "securityHubRegions": ["us-east-1"]},
              {"name": "excluded", "securityHubRegions": ["us-east-1"]},
              {"name": "suspended", "state": "SUSPENDED", "securityHubRegions": ["us-east-1"]},
              {"name": "closing", "state": "PENDING_CLOSURE", "securityHubRegions": ["us-east-1"]}
            ]}
            """)!.AsObject());
    }
}
