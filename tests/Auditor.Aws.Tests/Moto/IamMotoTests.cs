using System.Text.Json.Nodes;
using Auditor.Aws.Http;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

[Collection(MotoCollectionDefinition.Name)]
public sealed class IamMotoTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(10);

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GenerateCredentialReport_starts_a_report_then_reports_it_complete()
    {
        var iam = TestClients.ForMoto(moto).Iam();

        Assert.Equal("STARTED", await iam.GenerateCredentialReportAsync(CancellationToken.None));
        Assert.Equal("COMPLETE", await iam.GenerateCredentialReportAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetCredentialReport_before_any_generation_is_ReportNotPresent()
    {
        var clients = TestClients.ForMoto(moto);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam().GetCredentialReportAsync(CancellationToken.None));

        Assert.Equal("ReportNotPresent", error.ErrorCode);
        Assert.Equal("iam", error.Service);
        Assert.Equal("GetCredentialReport", error.Operation);
        Assert.Equal(1, clients.CallsOf("iam:GetCredentialReport"));
    }

    [Fact]
    public async Task GetCredentialReport_decodes_the_Base64_content_to_the_csv()
    {
        await moto.SeedAsync("""{"users":[{"name":"carol"}]}""");
        var iam = TestClients.ForMoto(moto).Iam();
        await iam.GenerateCredentialReportAsync(CancellationToken.None);

        var report = await iam.GetCredentialReportAsync(CancellationToken.None);

        Assert.StartsWith("user,arn,user_creation_time,", report.Content, StringComparison.Ordinal);
        Assert.Contains("carol,arn:aws:iam::123456789012:user/carol,", report.Content, StringComparison.Ordinal);
        Assert.Equal("text/csv", report.ReportFormat);
        Assert.NotEqual(default, report.GeneratedTime);
    }

    [Fact]
    public async Task GetCompleteCredentialReport_parses_seeded_users_with_their_backdated_dates()
    {
        await moto.SeedAsync("""
            {"users":[
              {"name":"alice","password":true,"createdDaysAgo":200,"passwordLastUsedDaysAgo":3,"mfa":true,
               "keys":[{"createdDaysAgo":120,"lastUsedDaysAgo":60,"lastUsedService":"ec2","lastUsedRegion":"eu-west-1"},
                       {"active":false,"createdDaysAgo":10}]},
              {"name":"bob","path":"/ops/"}]}
            """);
        await moto.BackdateAsync(new JsonObject { ["user"] = "bob", ["createdDaysAgo"] = 30 });
        var now = DateTimeOffset.UtcNow;

        var report = await TestClients.ForMoto(moto).Iam().GetCompleteCredentialReportAsync(CancellationToken.None);

        // moto's credential report has no <root_account> row (the real one always has): root state then comes
        // from GetAccountSummary, which the collector reads as well.
        Assert.Null(report.Root);
        Assert.Equal(["alice", "bob"], report.Users.Select(u => u.User).Order(StringComparer.Ordinal));

        var alice = report.Users.Single(u => u.User == "alice");
        Assert.Equal("arn:aws:iam::123456789012:user/alice", alice.Arn);
        AssertNear(now.AddDays(-200), alice.UserCreationTime);
        Assert.True(alice.PasswordEnabled);
        AssertNear(now.AddDays(-3), alice.PasswordLastUsed);
        Assert.True(alice.MfaActive);
        Assert.True(alice.AccessKey1.Active);
        AssertNear(now.AddDays(-120), alice.AccessKey1.LastRotated);
        AssertNear(now.AddDays(-60), alice.AccessKey1.LastUsedDate);
        // moto as shipped writes not_supported in the last-used region/service columns (read as unknown).
        Assert.True(alice.AccessKey1.LastUsedRegion is null or "eu-west-1", alice.AccessKey1.LastUsedRegion);
        Assert.False(alice.AccessKey2.Active);
        AssertNear(now.AddDays(-10), alice.AccessKey2.LastRotated);
        Assert.Null(alice.AccessKey2.LastUsedDate);
        Assert.Equal([1], alice.ActiveAccessKeys.Select(k => k.Number));

        var bob = report.Users.Single(u => u.User == "bob");
        Assert.Equal("/ops/", bob.UserPath);
        AssertNear(now.AddDays(-30), bob.UserCreationTime);
        Assert.False(bob.PasswordEnabled);
        Assert.Null(bob.PasswordLastUsed);
        Assert.False(bob.MfaActive);
        Assert.False(bob.AccessKey1.Active);
        Assert.Null(bob.AccessKey1.LastRotated);
    }

    [Fact]
    public async Task GetAccountSummary_reads_the_summary_map_entries()
    {
        await moto.SeedAsync("""{"users":[{"name":"u1"},{"name":"u2"},{"name":"u3"}],"rootMfaEnabled":true,"rootAccessKeysPresent":true}""");

        var summary = await TestClients.ForMoto(moto).Iam().GetAccountSummaryAsync(CancellationToken.None);

        Assert.True(summary.AccountMfaEnabled);
        Assert.True(summary.AccountAccessKeysPresent);
        Assert.Equal(3, summary.SummaryMap["Users"]);
    }

    [Fact]
    public async Task GetAccountSummary_of_a_fresh_account_has_no_root_MFA_and_no_root_keys()
    {
        var summary = await TestClients.ForMoto(moto).Iam().GetAccountSummaryAsync(CancellationToken.None);

        Assert.False(summary.AccountMfaEnabled);
        Assert.False(summary.AccountAccessKeysPresent);
        Assert.Equal(0, summary.SummaryMap["Users"]);
        Assert.Contains("AccountMFAEnabled", summary.SummaryMap.Keys);
    }

    [Fact]
    public async Task ListVirtualMFADevices_returns_assigned_devices_with_their_user_and_unassigned_ones_without()
    {
        await moto.SeedAsync("""{"users":[{"name":"alice","mfa":true},{"name":"bob"}]}""");
        await moto.CallAsync("iam", "create_virtual_mfa_device", new JsonObject { ["VirtualMFADeviceName"] = "spare" });

        var devices = await TestClients.ForMoto(moto).Iam().ListVirtualMFADevicesAsync(CancellationToken.None);

        Assert.Equal(2, devices.Count);
        var alice = devices.Single(d => d.SerialNumber == "arn:aws:iam::123456789012:mfa/alice");
        Assert.Equal("arn:aws:iam::123456789012:user/alice", alice.UserArn);
        Assert.NotNull(alice.EnableDate);
        Assert.False(alice.IsAssignedToRoot);
        var spare = devices.Single(d => d.SerialNumber == "arn:aws:iam::123456789012:mfa/spare");
        Assert.Null(spare.UserArn);
        Assert.Null(spare.EnableDate);
    }

    [Fact]
    public async Task ListVirtualMFADevices_follows_the_Marker_past_a_full_page_of_1000()
    {
        // moto honours MaxItems and Marker; our client asks for pages of 1000 (IAM's maximum), so more than
        // 1000 devices make a second page. They are created through our own signed sender: fast, and a wire
        // test of CreateVirtualMFADevice's query shape as a bonus.
        const int count = 1003;
        var clients = TestClients.ForMoto(moto);
        var sender = clients.Sender(AwsService.Iam, MotoServer.Region);
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await sender.SendAsync(
                    new AwsOperation(AwsService.Iam, "CreateVirtualMFADevice"),
                    endpoint => AwsRequests.Query(endpoint, "CreateVirtualMFADevice", "2010-05-08", [new("VirtualMFADeviceName", $"device-{i:D4}")]),
                    CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));

        var devices = await clients.Iam().ListVirtualMFADevicesAsync(CancellationToken.None);

        Assert.Equal(count, devices.Count);
        Assert.Equal(count, devices.Select(d => d.SerialNumber).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, clients.CallsOf("iam:ListVirtualMFADevices"));
    }

    private static void AssertNear(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.NotNull(actual);
        Assert.True((actual.Value - expected).Duration() < Tolerance, $"expected about {expected:o}, got {actual:o}");
    }
}
