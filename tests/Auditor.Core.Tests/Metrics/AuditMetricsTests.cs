using System.Text.Json;
using Auditor.Core.Changes;
using Auditor.Core.Metrics;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.TestFindings;

namespace Auditor.Core.Tests.Metrics;

public sealed class AuditMetricsTests
{
    /// <summary>
    /// The EMF specification's rules: <c>_aws.Timestamp</c> in epoch milliseconds, one or more CloudWatchMetrics
    /// directives each with a Namespace, Dimensions (arrays of member names, at most 30) and Metrics (at most 100, each
    /// with a Name and a Unit); every dimension and metric a member of the root, dimensions as strings, metrics as numbers.
    /// </summary>
    private static void AssertValidEmf(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.True(aws.GetProperty("Timestamp").TryGetInt64(out var timestamp) && timestamp > 1_500_000_000_000, "Timestamp is epoch milliseconds");
        var directives = aws.GetProperty("CloudWatchMetrics").EnumerateArray().ToList();
        Assert.NotEmpty(directives);
        foreach (var directive in directives)
        {
            Assert.False(string.IsNullOrWhiteSpace(directive.GetProperty("Namespace").GetString()));
            foreach (var set in directive.GetProperty("Dimensions").EnumerateArray())
            {
                var names = set.EnumerateArray().Select(d => d.GetString()!).ToList();
                Assert.InRange(names.Count, 1, 30);
                Assert.All(names, n => Assert.Equal(JsonValueKind.String, root.GetProperty(n).ValueKind));
            }

            var metrics = directive.GetProperty("Metrics").EnumerateArray().ToList();
            Assert.InRange(metrics.Count, 1, EmfDocument.MaxMetrics);
            Assert.All(metrics, m =>
            {
                Assert.Equal(JsonValueKind.Number, root.GetProperty(m.GetProperty("Name").GetString()!).ValueKind);
                Assert.True(m.GetProperty("Unit").GetString() is "Count" or "Milliseconds");
            });
        }
    }

    [Fact]
    public void An_account_run_gives_valid_EMF_with_its_counts_by_status_severity_and_check()
    {
        var findings = new[]
        {
            ForUser("iam.user-mfa", "bob", ComplianceStatus.Failed),
            ForUser("iam.user-mfa", "ann", ComplianceStatus.Failed),
            ForUser("iam.user-mfa", "eve", ComplianceStatus.Passed),
            ForRegion("guardduty.enabled", "eu-west-1", ComplianceStatus.Failed),
        };
        var changes = FindingChanges.None with { Regressed = ChangeList.Of([findings[0].Id]) };

        var documents = AuditMetrics.ForAccountRun("audit", findings, changes, new AuditMetrics.FindingImports(Imported: 1, Unchanged: 3), apiCalls: 42, retries: 3, durationMs: 1234, TestClock.Now);

        Assert.All(documents, d => AssertValidEmf(d.ToJson()));
        var run = JsonDocument.Parse(documents[0].ToJson()).RootElement;
        Assert.Equal(("audit", 4, 3, 1, 42, 3, 1234), (run.GetProperty("Function").GetString(), run.GetProperty("Findings").GetInt32(), run.GetProperty("FailingFindings").GetInt32(), run.GetProperty("RegressedFindings").GetInt32(), run.GetProperty("ApiCalls").GetInt32(), run.GetProperty("Retries").GetInt32(), run.GetProperty("Duration").GetInt32()));
        Assert.Equal((1, 3), (run.GetProperty("ImportedFindings").GetInt32(), run.GetProperty("UnchangedFindings").GetInt32()));
        Assert.Equal(TestClock.Now.ToUnixTimeMilliseconds(), run.GetProperty("_aws").GetProperty("Timestamp").GetInt64());
        Assert.Equal(
            ["Check=guardduty.enabled FailingFindingsByCheck=1", "Check=iam.user-mfa FailingFindingsByCheck=2", "Status=FAILED FindingsByStatus=3", "Status=PASSED FindingsByStatus=1"],
            documents.Skip(1).Where(d => d.Dimensions.Any(x => x.Key is "Check" or "Status")).Select(d => $"{d.Dimensions[1].Key}={d.Dimensions[1].Value} {d.Metrics[0].Name}={d.Metrics[0].Value}").Order(StringComparer.Ordinal));
        Assert.Contains(documents, d => d.Dimensions.Any(x => x.Key == "Severity") && d.Metrics[0].Name == "FailingFindingsBySeverity");
    }

    [Fact]
    public void A_batch_gives_accounts_audited_and_failed()
    {
        var line = AuditMetrics.ForBatch("worker", audited: 9, failed: 1, TestClock.Now).ToJson();

        AssertValidEmf(line);
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal((9, 1), (root.GetProperty("AccountsAudited").GetInt32(), root.GetProperty("AccountsFailed").GetInt32()));
    }

    [Fact]
    public void A_metric_named_like_a_dimension_is_refused()
    {
        var document = new EmfDocument(AuditMetrics.Namespace, TestClock.Now, [new("Function", "audit")]);

        Assert.Throws<ArgumentException>(() => document.Add("Function", 1));
    }
}
