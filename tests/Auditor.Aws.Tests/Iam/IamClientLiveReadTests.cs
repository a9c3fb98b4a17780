using System.Text.Json.Nodes;
using Auditor.Aws.Tests.Freshness;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Iam;

/// <summary>The IAM reads that confirm a stale credential report, against moto's real query-protocol answers.</summary>
[Collection("moto")]
public sealed class IamClientLiveReadTests(MotoServer moto) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        await moto.SeedAsync("""
            {"users": [
              {"name": "alice", "password": true, "passwordLastUsedDaysAgo": 3, "mfa": true,
               "keys": [{"createdDaysAgo": 100, "lastUsedDaysAgo": 50, "lastUsedService": "ec2", "lastUsedRegion": "eu-west-1"}, {"active": false, "createdDaysAgo": 20}]},
              {"name": "bob", "path": "/ops/", "keys": [{"createdDaysAgo": 5}]}]}
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ListUsers_returns_every_user_with_its_arn_creation_and_password_use()
    {
        var users = await FreshnessHarness.Iam(moto).ListUsersAsync(CancellationToken.None);

        Assert.Equal(["alice", "bob"], users.Select(u => u.UserName).Order(StringComparer.Ordinal));
        var alice = users.Single(u => u.UserName == "alice");
        var bob = users.Single(u => u.UserName == "bob");
        Assert.Equal(FreshnessHarness.UserArn("alice"), alice.Arn);
        Assert.Equal($"arn:aws:iam::{MotoServer.AccountId}:user/ops/bob", bob.Arn);
        Assert.Equal("/ops/", bob.Path);
        Assert.InRange((DateTimeOffset.UtcNow - alice.PasswordLastUsed!.Value).TotalDays, 2.9, 3.1);
        Assert.Null(bob.PasswordLastUsed);
        Assert.InRange((DateTimeOffset.UtcNow - alice.CreateDate!.Value).TotalDays, 99.9, 100.1);
    }

    [Fact]
    public async Task GetLoginProfile_answers_NoSuchEntity_for_a_user_without_password_or_without_existence()
    {
        var iam = FreshnessHarness.Iam(moto);

        var profile = await iam.GetLoginProfileAsync("alice", CancellationToken.None);
        Assert.Equal("alice", profile.UserName);
        Assert.NotNull(profile.CreateDate);

        var noPassword = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetLoginProfileAsync("bob", CancellationToken.None));
        Assert.Equal(("NoSuchEntity", 404), (noPassword.ErrorCode, (int)noPassword.StatusCode));
        var noUser = await Assert.ThrowsAsync<AwsServiceException>(() => iam.GetLoginProfileAsync("nobody", CancellationToken.None));
        Assert.Equal("NoSuchEntity", noUser.ErrorCode);
    }

    [Fact]
    public async Task ListMFADevices_and_ListAccessKeys_describe_the_user_and_fail_for_a_deleted_one()
    {
        var iam = FreshnessHarness.Iam(moto);

        var devices = await iam.ListMFADevicesAsync("alice", CancellationToken.None);
        Assert.Equal($"arn:aws:iam::{MotoServer.AccountId}:mfa/alice", Assert.Single(devices).SerialNumber);
        Assert.Empty(await iam.ListMFADevicesAsync("bob", CancellationToken.None));

        var keys = await iam.ListAccessKeysAsync("alice", CancellationToken.None);
        Assert.Equal([true, false], keys.OrderBy(k => k.CreateDate).Select(k => k.IsActive));
        Assert.All(keys, k => Assert.StartsWith("AKIA", k.AccessKeyId, StringComparison.Ordinal));

        Assert.Equal("NoSuchEntity", (await Assert.ThrowsAsync<AwsServiceException>(() => iam.ListAccessKeysAsync("nobody", CancellationToken.None))).ErrorCode);
        Assert.Equal("NoSuchEntity", (await Assert.ThrowsAsync<AwsServiceException>(() => iam.ListMFADevicesAsync("nobody", CancellationToken.None))).ErrorCode);
    }

    [Fact]
    public async Task GetAccessKeyLastUsed_gives_date_service_and_region_or_NA_for_a_key_never_used()
    {
        var iam = FreshnessHarness.Iam(moto);
        var used = (await iam.ListAccessKeysAsync("alice", CancellationToken.None)).Single(k => k.IsActive);
        var neverUsed = Assert.Single(await iam.ListAccessKeysAsync("bob", CancellationToken.None));

        var lastUsed = await iam.GetAccessKeyLastUsedAsync(used.AccessKeyId, CancellationToken.None);
        Assert.InRange((DateTimeOffset.UtcNow - lastUsed.LastUsedDate!.Value).TotalDays, 49.9, 50.1);
        Assert.Equal(("ec2", "eu-west-1"), (lastUsed.ServiceName, lastUsed.Region));

        var never = await iam.GetAccessKeyLastUsedAsync(neverUsed.AccessKeyId, CancellationToken.None);
        Assert.Equal((null, "N/A", "N/A"), (never.LastUsedDate, never.ServiceName, never.Region));
    }

    [Fact]
    public async Task The_stale_report_proxy_keeps_serving_the_first_report_with_the_chosen_time()
    {
        await using var proxy = StaleReportProxy.Start(moto.Endpoint);
        var counters = new global::Auditor.Aws.Resilience.CallCounters();
        var iam = FreshnessHarness.Clients(moto, proxy, counters).Iam();
        proxy.GeneratedTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var first = await iam.GetCompleteCredentialReportAsync(CancellationToken.None);
        await moto.SeedAsync(new JsonObject { ["users"] = new JsonArray(new JsonObject { ["name"] = "created-later" }) });
        var second = await iam.GetCompleteCredentialReportAsync(CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), second.GeneratedTime);
        Assert.Equal(first.Users.Select(u => u.User), second.Users.Select(u => u.User));
        Assert.DoesNotContain(second.Users, u => u.User == "created-later");

        proxy.RegenerateReport();
        proxy.ReportAge = TimeSpan.FromHours(2);
        var third = await iam.GetCompleteCredentialReportAsync(CancellationToken.None);
        Assert.Contains(third.Users, u => u.User == "created-later");
        Assert.InRange((DateTimeOffset.UtcNow - third.GeneratedTime).TotalMinutes, 119, 121);
        Assert.Equal(3, proxy.CredentialReportRequests);
    }
}
