using System.Text;
using System.Text.Json.Nodes;
using Auditor.Aws.S3;
using Auditor.Aws.Suppressions;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Suppressions;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>The report bucket on moto's S3: listing, reading an object, and the accepted risks read from it.</summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class ReportBucketMotoTests(MotoServer moto) : IAsyncLifetime
{
    private const string Bucket = "auditor-reports-test";
    private static readonly DateOnly Today = new(2026, 11, 25);

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        await moto.CallAsync("s3", "create_bucket", new JsonObject { ["Bucket"] = Bucket });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListObjectsV2_pages_through_every_key_under_the_prefix_and_no_other()
    {
        for (var i = 0; i < 3; i++)
        {
            await Put($"runs/run-{i}/123456789012.json", "{}");
        }

        await Put("reports/latest/index.html", "<html></html>");

        var keys = await TestClients.ForMoto(moto).S3().ListObjectsV2Async(Bucket, "runs/", CancellationToken.None);

        Assert.Equal(["runs/run-0/123456789012.json", "runs/run-1/123456789012.json", "runs/run-2/123456789012.json"], keys);
    }

    [Fact]
    public async Task GetObject_returns_the_bytes_as_stored_and_null_for_a_missing_key()
    {
        await Put(SuppressionFile.Key, "suppressions: []\n");
        var s3 = TestClients.ForMoto(moto).S3();

        var bytes = await s3.GetObjectAsync(S3Client.GetSuppressions, Bucket, SuppressionFile.Key, CancellationToken.None);
        var missing = await s3.GetObjectAsync(S3Client.GetSuppressions, Bucket, "config/other.yaml", CancellationToken.None);

        Assert.Equal("suppressions: []\n", Encoding.UTF8.GetString(bytes!));
        Assert.Null(missing);
    }

    [Fact]
    public async Task No_suppressions_file_means_nothing_is_suppressed()
    {
        var clients = TestClients.ForMoto(moto);

        var file = await new SuppressionsReader(clients).ReadAsync(Bucket, Today, CancellationToken.None);

        Assert.Empty(file.Rules);
        Assert.Equal(0, clients.CallsOf("s3:GetObject"));
    }

    [Fact]
    public async Task The_suppressions_file_is_read_and_parsed()
    {
        await Put(SuppressionFile.Key, "suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: break-glass\n    reason: Break-glass user.\n    owner: security\n    expires: 2027-01-31\n");

        var file = await new SuppressionsReader(TestClients.ForMoto(moto)).ReadAsync(Bucket, Today, CancellationToken.None);

        Assert.Equal("break-glass", Assert.Single(file.Rules).Resource);
    }

    [Fact]
    public async Task A_malformed_suppressions_file_is_an_error_naming_the_line()
    {
        await Put(SuppressionFile.Key, "suppressions:\n  - check: iam.user-mfa\n    accounts: '*'\n    resource: bob\n");

        var error = await Assert.ThrowsAsync<SuppressionFileException>(() => new SuppressionsReader(TestClients.ForMoto(moto)).ReadAsync(Bucket, Today, CancellationToken.None));

        Assert.Equal("config/suppressions.yaml line 2: the rule has no 'reason'", error.Message);
    }

    private async Task Put(string key, string body) =>
        await moto.CallAsync("s3", "put_object", new JsonObject { ["Bucket"] = Bucket, ["Key"] = key, ["Body"] = body });
}
