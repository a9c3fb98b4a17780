using System.Text.Json;
using System.Text.Json.Nodes;
using Auditor.Aws.Auditing;
using Auditor.Aws.Resilience;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Function.Functions;

namespace Auditor.Function.Tests.Responses;

/// <summary>
/// Lambda refuses a response over 6 MB. A large account (here 20,000 findings of about 1 KB each, some 20 MB of JSON)
/// must still answer: every list in the response is capped, and says how many it left out.
/// </summary>
public sealed class AuditResponseSizeTests
{
    private const int LargeAccount = 20_000;

    [Fact]
    public void A_dry_run_of_a_large_account_answers_under_6_MB_and_says_how_many_findings_it_left_out()
    {
        var outcome = Outcome(LargeAccount, dryRun: true);

        var json = Serialize(outcome);

        Assert.True(json.Length < ResponseListCap.LambdaResponseLimitBytes, $"response is {json.Length} bytes");
        var response = JsonNode.Parse(json)!;
        Assert.Equal(LargeAccount, response["findings"]!.GetValue<int>());
        var listed = response["dryRunFindings"]!.AsArray();
        Assert.NotEmpty(listed);
        Assert.Equal(LargeAccount, listed.Count + response["dryRunFindingsOmitted"]!.GetValue<int>());
        Assert.Equal("finding-0", listed[0]!["Id"]!.GetValue<string>());
    }

    [Fact]
    public void A_run_cut_off_with_many_findings_not_imported_or_failed_answers_under_6_MB_and_counts_those_left_out()
    {
        var failures = Failures(LargeAccount, "LimitExceeded");
        var outcome = Outcome(LargeAccount, dryRun: false) with
        {
            ImportFailures = failures,
            NotImported = Failures(LargeAccount, "DeadlineReached"),
            NotDoneScopes = new Dictionary<FindingScope, string> { [new FindingScope("123456789012", "us-east-1", "iam.user-mfa")] = "deadline" },
        };

        var json = Serialize(outcome);

        Assert.True(json.Length < ResponseListCap.LambdaResponseLimitBytes, $"response is {json.Length} bytes");
        var response = JsonNode.Parse(json)!;
        Assert.Null(response["dryRunFindings"]);
        Assert.Equal(LargeAccount, response["importFailures"]!.AsArray().Count + response["importFailuresOmitted"]!.GetValue<int>());
        var notDone = response["notDone"]!;
        Assert.Equal(LargeAccount, notDone["findingsNotImported"]!.AsArray().Count + notDone["findingsNotImportedOmitted"]!.GetValue<int>());
        Assert.True(notDone["findingsNotImportedOmitted"]!.GetValue<int>() > 0);
    }

    [Fact]
    public void A_small_dry_run_lists_every_finding_and_leaves_nothing_out()
    {
        var response = JsonNode.Parse(Serialize(Outcome(25, dryRun: true)))!;

        Assert.Equal(25, response["dryRunFindings"]!.AsArray().Count);
        Assert.Null(response["dryRunFindingsOmitted"]);
        Assert.Null(response["importFailuresOmitted"]);
    }

    private static byte[] Serialize(AuditOutcome outcome) =>
        JsonSerializer.SerializeToUtf8Bytes(AuditResponse.From(outcome, new CallCounters(), TimeSpan.FromSeconds(1)), FunctionJsonContext.Default.AuditResponse);

    private static AuditOutcome Outcome(int findings, bool dryRun) => new()
    {
        AccountId = "123456789012",
        Regions = ["us-east-1"],
        SecurityHubRegion = "us-east-1",
        Checks = ["iam.user-mfa"],
        DryRun = dryRun,
        Findings = Findings(findings),
        UnavailableScopes = new Dictionary<FindingScope, string>(),
        Freshness = FreshnessSummary.WithoutReport(TimeSpan.FromHours(4)),
    };

    private static List<ImportFailure> Failures(int count, string code) =>
        Enumerable.Range(0, count).Select(i => new ImportFailure($"arn:aws:securityhub:us-east-1:123456789012:finding/iam.user-mfa/user-{i}", "us-east-1", code, new string('e', 200))).ToList();

    private static List<AsffFinding> Findings(int count) => Enumerable.Range(0, count).Select(i => new AsffFinding
    {
        Id = $"finding-{i}",
        ProductArn = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
        GeneratorId = "iam.user-mfa",
        AwsAccountId = "123456789012",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Severity = new AsffSeverity("MEDIUM"),
        Title = $"IAM user user-{i} has console access without MFA",
        Description = new string('d', 800),
        Compliance = new AsffCompliance { Status = "FAILED" },
        Resources = [new AsffResource { Type = "AwsIamUser", Id = $"arn:aws:iam::123456789012:user/user-{i}" }],
    }).ToList();
}
