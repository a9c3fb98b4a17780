using System.Collections.Concurrent;
using System.Text;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Findings;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// Partial failures of BatchImportFindings. A loopback fake answers: moto only ever fails a finding without
/// resources (see SecurityHubMotoTests) and never answers LimitExceeded per finding.
/// </summary>
public sealed class SecurityHubWriterTests
{
    [Fact]
    public async Task Retriable_failed_findings_are_imported_again_and_the_others_reported_by_id_and_code_never_dropped()
    {
        var findings = TestFindings.Many(250);
        var limited = findings.Where((_, i) => i % 10 == 3).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var invalid = findings.Where((_, i) => i % 25 == 7).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var batches = new ConcurrentQueue<IReadOnlyList<string>>();
        using var fake = new FakeAws();
        fake.Respond(request =>
        {
            var ids = TestFindings.IdsIn(request.Body);
            batches.Enqueue(ids);
            var failures = new List<(string, string)>();
            foreach (var id in ids)
            {
                var attempt = attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
                if (invalid.Contains(id))
                {
                    failures.Add((id, "InvalidInput"));
                }
                else if (limited.Contains(id) && attempt == 1)
                {
                    failures.Add((id, "LimitExceeded"));
                }
            }

            return TestFindings.ImportReply(ids.Count, failures);
        });
        var clients = TestClients.ForFake(fake);

        var result = await new SecurityHubWriter(clients.SecurityHub("us-east-1"), clients.Resilience.Options).ImportAsync(findings, CancellationToken.None);

        Assert.Equal(findings.Count, result.Imported + result.Failed.Count);
        Assert.Equal(findings.Count - invalid.Count, result.Imported);
        Assert.Equal(invalid.Order(StringComparer.Ordinal), result.Failed.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.All(result.Failed, f =>
        {
            Assert.Equal("InvalidInput", f.ErrorCode);
            Assert.Equal("us-east-1", f.Region);
            Assert.Contains(f.Id, f.ErrorMessage, StringComparison.Ordinal);
        });
        Assert.All(limited.Except(invalid), id => Assert.Equal(2, attempts[id]));
        Assert.All(findings.Select(f => f.Id).Except(limited).Except(invalid), id => Assert.Equal(1, attempts[id]));
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 100));
        Assert.Equal([100, 100, 50, limited.Except(invalid).Count()], batches.Select(b => b.Count));
        Assert.All(fake.Requests, r => Assert.Equal("/findings/import", r.Path));
    }

    [Fact]
    public async Task A_finding_that_stays_LimitExceeded_is_reported_after_the_retry_rounds()
    {
        var findings = TestFindings.Many(3);
        var stuck = findings[1].Id;
        using var fake = new FakeAws();
        fake.Respond(request =>
        {
            var ids = TestFindings.IdsIn(request.Body);
            return TestFindings.ImportReply(ids.Count, ids.Where(id => id == stuck).Select(id => (id, "LimitExceeded")).ToList());
        });
        var clients = TestClients.ForFake(fake);

        var result = await new SecurityHubWriter(clients.SecurityHub("us-east-1"), clients.Resilience.Options) { FailedFindingRetries = 2 }
            .ImportAsync(findings, CancellationToken.None);

        Assert.Equal(2, result.Imported);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(stuck, failure.Id);
        Assert.Equal("LimitExceeded", failure.ErrorCode);
        Assert.Equal(3, fake.Requests.Count); // the first import and two rounds of re-importing the stuck one
        Assert.Equal([3, 1, 1], fake.Requests.Select(r => TestFindings.IdsIn(r.Body).Count));
    }

    [Fact]
    public async Task A_whole_batch_refused_reports_every_finding_of_it()
    {
        var findings = TestFindings.Many(150);
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.RestJsonError(403, "AccessDeniedException", "not authorized to perform securityhub:BatchImportFindings"));
        var clients = TestClients.ForFake(fake);

        var result = await new SecurityHubWriter(clients.SecurityHub("eu-west-1"), clients.Resilience.Options).ImportAsync(findings, CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Equal(findings.Select(f => f.Id), result.Failed.Select(f => f.Id));
        Assert.All(result.Failed, f =>
        {
            Assert.Equal("AccessDeniedException", f.ErrorCode);
            Assert.Equal("eu-west-1", f.Region);
        });
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Batches_also_stay_under_the_request_size_limit()
    {
        // 80 findings of about 100 KB each: fewer than 100, but more than 6 MB together.
        var padding = new string('x', 100 * 1024);
        var findings = TestFindings.Many(80)
            .Select(f => f with { ProductFields = new Dictionary<string, string> { ["padding"] = padding } })
            .ToList();
        using var fake = new FakeAws();
        fake.Respond(request => TestFindings.ImportReply(TestFindings.IdsIn(request.Body).Count, []));
        var clients = TestClients.ForFake(fake);

        var result = await new SecurityHubWriter(clients.SecurityHub("us-east-1"), clients.Resilience.Options).ImportAsync(findings, CancellationToken.None);

        Assert.Equal(80, result.Imported);
        Assert.True(fake.Requests.Count >= 2);
        Assert.All(fake.Requests, r => Assert.True(Encoding.UTF8.GetByteCount(r.Body) <= ImportBodyPacker.MaxBodyBytes, $"a request of {r.Body.Length} bytes"));
        Assert.Equal(findings.Select(f => f.Id), fake.Requests.SelectMany(r => TestFindings.IdsIn(r.Body)));
    }

    [Fact]
    public async Task The_import_body_is_ASFF_with_the_findings_as_given()
    {
        var finding = TestFindings.Make(TestFindings.Id("iam.user-mfa", "alice"));
        using var fake = new FakeAws();
        fake.Respond(_ => TestFindings.ImportReply(1, []));
        var clients = TestClients.ForFake(fake);

        await clients.SecurityHub("us-east-1").BatchImportFindingsAsync([finding], CancellationToken.None);

        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("us-east-1/securityhub", request.SigningScope);
        var sent = System.Text.Json.JsonSerializer.Deserialize(
            System.Text.Json.Nodes.JsonNode.Parse(request.Body)!["Findings"]![0]!.ToJsonString(),
            AsffJsonContext.Default.AsffFinding)!;
        Assert.Equal(finding.Id, sent.Id);
        Assert.Equal(finding.CreatedAt, sent.CreatedAt);
        Assert.Contains("\"CreatedAt\":\"2025-03-01T12:00:00.000Z\"", request.Body, StringComparison.Ordinal);
    }
}
