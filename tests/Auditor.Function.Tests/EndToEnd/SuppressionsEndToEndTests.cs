using System.Globalization;
using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// Accepted risks end to end: config/suppressions.yaml in moto's S3, the findings in moto's Security Hub, and
/// BatchUpdateFindings, which moto lacks, answered by <see cref="SecurityHubWorkflowProxy"/> (built from the
/// documented request and response) in front of moto's Security Hub. Every other call is moto's own.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class SuppressionsEndToEndTests : IAsyncLifetime
{
    private const string Bucket = "auditor-reports-e2e";
    private static readonly string Yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly string NextMonth = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private readonly MotoServer _moto;
    private SecurityHubWorkflowProxy _hub = null!;

    public SuppressionsEndToEndTests(MotoServer moto) => _moto = moto;

    public async Task InitializeAsync()
    {
        _hub = SecurityHubWorkflowProxy.Start(_moto.Endpoint);
        await ResetAndSeedAsync(_moto);
        await _moto.CallAsync("s3", "create_bucket", new JsonObject { ["Bucket"] = Bucket });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_rule_suppresses_the_failure_it_covers_with_its_note_and_the_failure_stays_FAILED()
    {
        await PutRules(Rule("iam.user-mfa", "console-no-mfa", NextMonth));

        var first = await RunAsync();

        var finding = await FindingAsync("iam.user-mfa", "console-no-mfa");
        Assert.Equal("FAILED", finding.ComplianceStatus);
        var workflow = _hub.WorkflowOf(finding.FindingId);
        Assert.Equal("SUPPRESSED", workflow?.Status);
        Assert.Equal($"Suppressed by Auditor (config/suppressions.yaml line 2): Console user kept for the auditors. Owner: security@example.com. Expires: {NextMonth}.", workflow?.Note);
        Assert.Equal("Auditor", workflow?.UpdatedBy);
        Assert.Equal(1, first.Response["suppressions"]!["suppressed"]!.GetValue<int>());
        Assert.Single(_hub.Updates);

        // Nothing to change on the next run: no update is sent.
        var second = await RunAsync();
        Assert.Equal(0, second.Response["suppressions"]!["suppressed"]!.GetValue<int>());
        Assert.Single(_hub.Updates);
        Assert.Equal("SUPPRESSED", _hub.WorkflowOf(finding.FindingId)?.Status);
    }

    [Fact]
    public async Task An_expired_rule_unsuppresses_what_it_suppressed_and_the_run_reports_it()
    {
        await PutRules(Rule("iam.user-mfa", "console-no-mfa", NextMonth));
        _ = await RunAsync();
        var finding = await FindingAsync("iam.user-mfa", "console-no-mfa");

        await PutRules(Rule("iam.user-mfa", "console-no-mfa", Yesterday));
        var run = await RunAsync();

        Assert.Equal("NEW", _hub.WorkflowOf(finding.FindingId)?.Status);
        Assert.Contains($"expired on {Yesterday}", _hub.WorkflowOf(finding.FindingId)?.Note, StringComparison.Ordinal);
        var suppressions = run.Response["suppressions"]!;
        Assert.Equal(1, suppressions["unsuppressed"]!.GetValue<int>());
        var expired = Assert.Single(suppressions["expiredRules"]!.AsArray())!;
        Assert.Equal((2, Yesterday), (expired["line"]!.GetValue<int>(), expired["expires"]!.GetValue<string>()));
        Assert.Contains("suppression rule expired", run.Log, StringComparison.Ordinal);
        Assert.Contains("\"unsuppressed\":1", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suppression_set_in_the_console_survives_a_run()
    {
        _ = await RunAsync();
        var finding = await FindingAsync("iam.access-key-rotation", "stale-key");
        _hub.SetInConsole(finding.FindingId, "SUPPRESSED", "Key retired next sprint", "arn:aws:iam::123456789012:user/alice");
        await PutRules(Rule("iam.user-mfa", "console-no-mfa", NextMonth));

        var run = await RunAsync();

        Assert.Equal(("SUPPRESSED", "Key retired next sprint", "arn:aws:iam::123456789012:user/alice"), _hub.WorkflowOf(finding.FindingId)!.Value);
        Assert.Equal(0, run.Response["suppressions"]!["unsuppressed"]!.GetValue<int>());
        Assert.DoesNotContain(_hub.Updates, u => u.ToJsonString().Contains(finding.FindingId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_file_stops_the_run_before_anything_is_written_and_names_the_line()
    {
        await PutText("suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: console-no-mfa\n    reason: r\n    owner: o\n    expires: 2099-01-01\n");

        var error = (await RunAsync()).Error;

        Assert.Equal("InvalidSuppressions", error.ErrorType);
        Assert.StartsWith("config/suppressions.yaml line 7: 'expires: 2099-01-01' is more than 365 days ahead", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await AllFindingsAsync(_moto));
        Assert.Empty(_hub.Updates);
    }

    private Task<AuditRun> RunAsync() => InvokeAsync(_moto, BothRegions, extraVariables: new Dictionary<string, string>
    {
        ["REPORT_BUCKET"] = Bucket,
        ["AWS_ENDPOINT_URL_SECURITYHUB"] = _hub.Endpoint.ToString().TrimEnd('/'),
    });

    private async Task<StoredFinding> FindingAsync(string check, string user) =>
        (await AllFindingsAsync(_moto)).Single(f => f.Check == check && f.Resource == UserArnPrefix + user && f.State == "ACTIVE");

    private static string Rule(string check, string resource, string expires) => $"""
          - check: {check}
            accounts: ["{Account}"]
            resource: {resource}
            reason: Console user kept for the auditors.
            owner: security@example.com
            expires: {expires}

        """;

    private Task PutRules(params string[] rules) => PutText("suppressions:\n" + string.Concat(rules));

    private async Task PutText(string text) =>
        await _moto.CallAsync("s3", "put_object", new JsonObject { ["Bucket"] = Bucket, ["Key"] = "config/suppressions.yaml", ["Body"] = text });
}
