using Auditor.Aws.Tests.Support;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.AccessAnalyzer;

/// <summary>
/// ListAnalyzers against a loopback fake shaped like the documented rest-json reply (moto 5.2.1 does not implement
/// IAM Access Analyzer), and against moto as shipped to show the region is reported at once, not after every retry.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class AccessAnalyzerClientTests(MotoServer moto)
{
    [Fact]
    public async Task Lists_analyzers_of_every_type_across_pages_sending_the_token_back()
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.QueryParameters["nextToken"] switch
        {
            null => FakeReply.Json("""
                {"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/unused","name":"unused","type":"ACCOUNT_UNUSED_ACCESS","status":"ACTIVE","createdAt":"2026-01-01T00:00:00Z"}],
                 "nextToken":"page/2"}
                """),
            "page/2" => FakeReply.Json("""
                {"analyzers":[{"arn":"arn:aws:access-analyzer:eu-west-1:123456789012:analyzer/org","name":"org","type":"ORGANIZATION","status":"ACTIVE","createdAt":"2026-01-01T00:00:00Z"}]}
                """),
            var other => FakeReply.RestJsonError(400, "ValidationException", "unexpected token " + other),
        });

        var analyzers = await TestClients.ForFake(fake).AccessAnalyzer("eu-west-1").ListAnalyzersAsync(CancellationToken.None);

        Assert.Equal(["unused:ACCOUNT_UNUSED_ACCESS", "org:ORGANIZATION"], analyzers.Select(a => $"{a.Name}:{a.Type}"));
        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("/analyzer", r.Path);
            Assert.Equal("eu-west-1/access-analyzer", r.SigningScope);
        });
        Assert.Equal("100", fake.Requests[0].QueryParameters["maxResults"]);
    }

    [Fact]
    public async Task An_analyzer_without_a_status_is_a_malformed_reply_not_skipped()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json("""{"analyzers":[{"arn":"arn:x","name":"a","type":"ACCOUNT"}]}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ForFake(fake).AccessAnalyzer("us-east-1").ListAnalyzersAsync(CancellationToken.None));

        Assert.Contains("without name, arn, type or status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDenied_is_the_regions_failure_with_the_reason_and_is_not_retried()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.RestJsonError(403, "AccessDeniedException", "not authorized to perform: access-analyzer:ListAnalyzers"));
        var clients = TestClients.ForFake(fake);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.AccessAnalyzers]);

        var read = Assert.Single(snapshot.Get(EvidenceKinds.AccessAnalyzers)).Value;
        Assert.Equal("AccessDeniedException", read.FailureCode);
        Assert.Contains("access-analyzer ListAnalyzers answered AccessDeniedException", read.FailureReason, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_throttled_first_page_is_sent_again()
    {
        using var fake = new FakeAws();
        fake.Script(
            FakeReply.RestJsonError(429, "ThrottlingException", "Rate exceeded"),
            FakeReply.Json("""{"analyzers":[]}"""));

        var analyzers = await TestClients.ForFake(fake).AccessAnalyzer("us-east-1").ListAnalyzersAsync(CancellationToken.None);

        Assert.Empty(analyzers);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Moto_which_does_not_serve_the_API_makes_the_region_not_available_after_one_request()
    {
        var clients = TestClients.ForMoto(moto);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.AccessAnalyzers]);

        Assert.False(Assert.Single(snapshot.Get(EvidenceKinds.AccessAnalyzers)).Value.Succeeded);
        Assert.Equal(1, clients.CallsOf("access-analyzer:ListAnalyzers"));
    }
}
