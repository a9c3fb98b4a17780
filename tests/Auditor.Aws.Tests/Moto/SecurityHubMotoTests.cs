using System.Net;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Findings;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

[Collection(MotoCollectionDefinition.Name)]
public sealed class SecurityHubMotoTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly Dictionary<string, IReadOnlyList<StringFilter>> NoFilters = [];

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DescribeHub_where_Security_Hub_is_enabled_returns_the_hub()
    {
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");

        var hub = await TestClients.ForMoto(moto).SecurityHub("us-east-1").DescribeHubAsync(CancellationToken.None);

        Assert.Equal("arn:aws:securityhub:us-east-1:123456789012:hub/default", hub.HubArn);
        Assert.False(string.IsNullOrEmpty(hub.SubscribedAt));
    }

    [Fact]
    public async Task DescribeHub_where_Security_Hub_is_not_enabled_is_InvalidAccessException_not_retried()
    {
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var clients = TestClients.ForMoto(moto);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.SecurityHub("eu-west-1").DescribeHubAsync(CancellationToken.None));

        Assert.Equal("InvalidAccessException", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("not subscribed", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, clients.CallsOf("securityhub:DescribeHub"));
    }

    [Fact]
    public async Task BatchImportFindings_then_GetFindings_round_trips_the_findings()
    {
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var client = TestClients.ForMoto(moto).SecurityHub("us-east-1");
        var findings = new[] { TestFindings.Make(TestFindings.Id("iam.user-mfa", "alice")), TestFindings.Make(TestFindings.Id("iam.user-mfa", "bob"), compliance: "PASSED") };

        var import = await client.BatchImportFindingsAsync(findings, CancellationToken.None);
        var read = await client.GetFindingsAsync(NoFilters, CancellationToken.None);

        Assert.Equal(2, import.SuccessCount);
        Assert.Equal(0, import.FailedCount);
        Assert.Empty(import.FailedFindings ?? []);
        Assert.Equal(findings.Select(f => f.Id).Order(StringComparer.Ordinal), read.Select(f => f.Id).Order(StringComparer.Ordinal));
        var bob = read.Single(f => f.Id.EndsWith("/bob", StringComparison.Ordinal));
        Assert.Equal("PASSED", bob.Compliance?.Status);
        Assert.Equal(TestFindings.At, bob.CreatedAt);
        Assert.Equal(TestFindings.OwnProductArn(), bob.ProductArn);
        Assert.Equal("AwsAccount", Assert.Single(bob.Resources).Type);
    }

    [Fact]
    public async Task GetFindings_applies_the_filters_itself_because_moto_ignores_them()
    {
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var client = TestClients.ForMoto(moto).SecurityHub("us-east-1");
        var otherProduct = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
        var ours = TestFindings.Make(TestFindings.Id("iam.user-mfa", "alice"));
        var oursPassed = TestFindings.Make(TestFindings.Id("iam.user-mfa", "bob"), compliance: "PASSED");
        var otherPrefix = TestFindings.Make("someone-else/123456789012/global/x/alice");
        var otherProductSamePrefix = TestFindings.Make(TestFindings.Id("iam.user-mfa", "carol"), productArn: otherProduct);
        var otherBoth = TestFindings.Make("gd/finding-1", productArn: otherProduct);
        await client.BatchImportFindingsAsync([ours, oursPassed, otherPrefix, otherProductSamePrefix, otherBoth], CancellationToken.None);

        var matching = await client.GetFindingsAsync(
            new Dictionary<string, IReadOnlyList<StringFilter>>
            {
                ["ProductArn"] = [StringFilter.EqualTo(TestFindings.OwnProductArn())],
                ["AwsAccountId"] = [StringFilter.EqualTo(TestFindings.Account)],
                ["Id"] = [StringFilter.Prefix(FindingIdentity.AccountPrefix(TestFindings.Account))],
            },
            CancellationToken.None);
        var failedOnly = await client.GetFindingsAsync(
            new Dictionary<string, IReadOnlyList<StringFilter>>
            {
                ["ProductArn"] = [StringFilter.EqualTo(TestFindings.OwnProductArn())],
                ["ComplianceStatus"] = [StringFilter.EqualTo("FAILED")],
            },
            CancellationToken.None);

        // moto itself returns all five whatever the filters say.
        Assert.Equal(5, (await moto.FindingsAsync()).Count);
        Assert.Equal(new[] { ours.Id, oursPassed.Id }.Order(StringComparer.Ordinal), matching.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { otherPrefix.Id, ours.Id }.Order(StringComparer.Ordinal), failedOnly.Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetFindings_pages_through_more_than_100_findings()
    {
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var clients = TestClients.ForMoto(moto);
        var client = clients.SecurityHub("us-east-1");
        var findings = TestFindings.Many(230);
        foreach (var batch in findings.Chunk(SecurityHubClient.MaxFindingsPerImport))
        {
            await client.BatchImportFindingsAsync(batch, CancellationToken.None);
        }

        var read = await client.GetFindingsAsync(NoFilters, CancellationToken.None);

        Assert.Equal(230, read.Count);
        Assert.Equal(findings.Select(f => f.Id).Order(StringComparer.Ordinal), read.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, clients.CallsOf("securityhub:GetFindings"));
    }

    [Fact]
    public async Task SecurityHubWriter_imports_in_batches_of_at_most_100_and_reports_what_moto_rejects()
    {
        // moto rejects a finding without Resources in FailedFindings (InvalidInput, not retriable): the writer
        // must report it by id and code and import the rest.
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
        var clients = TestClients.ForMoto(moto);
        var findings = TestFindings.Many(205);
        var rejected = TestFindings.Make(TestFindings.Id("iam.user-mfa", "no-resources"), withResource: false);
        findings.Insert(150, rejected);

        var result = await new SecurityHubWriter(clients.SecurityHub("us-east-1"), clients.Resilience.Options).ImportAsync(findings, CancellationToken.None);

        Assert.Equal(205, result.Imported);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(rejected.Id, failure.Id);
        Assert.Equal("InvalidInput", failure.ErrorCode);
        Assert.Equal("us-east-1", failure.Region);
        Assert.Equal(3, clients.CallsOf("securityhub:BatchImportFindings"));
        Assert.Equal(205, (await moto.FindingsAsync()).Count);
    }

    [Fact]
    public async Task BatchImportFindings_refuses_an_empty_or_oversized_batch_without_calling()
    {
        var clients = TestClients.ForMoto(moto);
        var client = clients.SecurityHub("us-east-1");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.BatchImportFindingsAsync([], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.BatchImportFindingsAsync(TestFindings.Many(101), CancellationToken.None));
        Assert.Equal(0, clients.CallsOf("securityhub:BatchImportFindings"));
    }
}
