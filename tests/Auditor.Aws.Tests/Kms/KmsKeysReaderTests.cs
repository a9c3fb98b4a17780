using System.Text.Json.Nodes;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Kms;

/// <summary>
/// The KMS keys reader against moto as shipped (ListKeys, DescribeKey, GetKeyRotationStatus); ListKeys paging and a
/// Truncated page without a marker against a loopback fake, because moto serves every key on one page.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class KmsKeysReaderTests(MotoServer moto) : IAsyncLifetime
{
    private const string Rotating = "11111111-1111-4111-8111-111111111111";
    private const string NotRotating = "22222222-2222-4222-8222-222222222222";
    private const string Deleting = "33333333-3333-4333-8333-333333333333";

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Reads_state_rotation_and_deletion_date_of_each_key_and_rotation_only_where_it_applies()
    {
        await moto.SeedAsync($$"""
            {"kmsKeys":[{"id":"{{Rotating}}","rotation":true},{"id":"{{NotRotating}}"},{"id":"{{Deleting}}","pendingDeletionDays":7}]}
            """);
        await moto.CallAsync("kms", "create_key", new JsonObject { ["KeySpec"] = "RSA_2048", ["KeyUsage"] = "SIGN_VERIFY" });
        var clients = TestClients.ForMoto(moto);
        var before = DateTimeOffset.UtcNow;

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1", "eu-west-1"], [EvidenceKinds.KmsKeys]);

        var regions = snapshot.Get(EvidenceKinds.KmsKeys);
        var keys = regions.Single(r => r.Region == "us-east-1").Value.Value!;
        Assert.Equal(4, keys.Count);
        var rotating = keys.Single(k => k.KeyId == Rotating);
        Assert.True(rotating.RotationEnabled);
        Assert.Equal($"arn:aws:kms:us-east-1:{MotoServer.AccountId}:key/{Rotating}", rotating.Arn);
        Assert.True(rotating.InRotationScope);
        Assert.False(keys.Single(k => k.KeyId == NotRotating).RotationEnabled);
        var deleting = keys.Single(k => k.KeyId == Deleting);
        Assert.True(deleting.IsPendingDeletion);
        Assert.True(deleting.DeletionDate > before.AddDays(6), $"DeletionDate {deleting.DeletionDate:o}");
        Assert.Null(deleting.RotationEnabled);
        var rsa = keys.Single(k => k.KeySpec == "RSA_2048");
        Assert.Null(rsa.RotationEnabled);
        Assert.All(keys, k => Assert.Null(k.Failure));
        Assert.Empty(regions.Single(r => r.Region == "eu-west-1").Value.Value!);

        // Rotation is asked for the two enabled symmetric keys only.
        Assert.Equal(2, clients.CallsOf("kms:GetKeyRotationStatus"));
        Assert.Equal(4, clients.CallsOf("kms:DescribeKey"));
        Assert.Equal(2, clients.CallsOf("kms:ListKeys"));
    }

    [Fact]
    public async Task Key_whose_policy_refuses_DescribeKey_keeps_its_failure_and_the_other_keys_are_read()
    {
        // moto refuses DescribeKey when the key policy denies it to everyone, as AWS does.
        const string denyDescribe = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"kms:DescribeKey","Resource":"*"}]}""";
        await moto.SeedAsync($$"""{"kmsKeys":[{"id":"{{Rotating}}","rotation":true}]}""");
        var locked = await moto.CallAsync("kms", "create_key", new JsonObject { ["Policy"] = denyDescribe });
        var lockedId = locked!["KeyMetadata"]!["KeyId"]!.GetValue<string>();

        var snapshot = await TestEvidence.CollectAsync(TestClients.ForMoto(moto), MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.KmsKeys]);

        var keys = Assert.Single(snapshot.Get(EvidenceKinds.KmsKeys)).Value.Value!;
        var refused = keys.Single(k => k.KeyId == lockedId);
        Assert.Equal("AccessDeniedException", refused.Failure?.Code);
        Assert.Contains("kms DescribeKey answered AccessDeniedException", refused.Failure?.Reason, StringComparison.Ordinal);
        Assert.Null(refused.KeyManager);
        Assert.True(keys.Single(k => k.KeyId == Rotating).RotationEnabled);
    }

    [Fact]
    public async Task ListKeys_follows_NextMarker_while_Truncated_and_sends_it_back()
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.Header("X-Amz-Target") switch
        {
            "TrentService.ListKeys" when !request.Body.Contains("Marker", StringComparison.Ordinal) =>
                FakeReply.Json11("""{"Keys":[{"KeyId":"a","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/a"}],"NextMarker":"page-2","Truncated":true}"""),
            "TrentService.ListKeys" => FakeReply.Json11("""{"Keys":[{"KeyId":"b","KeyArn":"arn:aws:kms:us-east-1:123456789012:key/b"}],"Truncated":false}"""),
            _ => FakeReply.Json11Error(400, "UnknownOperationException", "unexpected"),
        });

        var keys = await TestClients.ForFake(fake).Kms("us-east-1").ListKeysAsync(CancellationToken.None, pageSize: 1);

        Assert.Equal(["a", "b"], keys.Select(k => k.KeyId));
        Assert.Contains("\"Marker\":\"page-2\"", fake.Requests[1].Body, StringComparison.Ordinal);
        Assert.Contains("\"Limit\":1", fake.Requests[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_page_without_a_marker_is_an_error_not_a_short_list()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json11("""{"Keys":[],"Truncated":true}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ForFake(fake).Kms("us-east-1").ListKeysAsync(CancellationToken.None));

        Assert.Contains("Truncated without NextMarker", error.Message, StringComparison.Ordinal);
    }
}
