using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>EC2, GuardDuty, Shield and STS against moto as shipped.</summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class RegionalServicesMotoTests(MotoServer moto) : IAsyncLifetime
{
    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DescribeRegions_returns_enabled_regions_sorted_without_those_not_opted_in()
    {
        var regions = await TestClients.ForMoto(moto).Ec2(MotoServer.Region).DescribeRegionsAsync(CancellationToken.None);

        Assert.Contains("us-east-1", regions);
        Assert.Contains("eu-west-1", regions);
        // moto reports ap-east-1 (an opt-in region) as not-opted-in.
        Assert.DoesNotContain("ap-east-1", regions);
        Assert.Equal(regions.Order(StringComparer.Ordinal), regions);
        Assert.Equal(regions.Count, regions.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task GuardDuty_lists_and_describes_enabled_and_disabled_detectors_and_none_where_there_is_none()
    {
        await moto.SeedAsync("""{"guardDuty":{"us-east-1":"ENABLED","eu-west-1":"DISABLED"}}""");
        var clients = TestClients.ForMoto(moto);

        var enabled = clients.GuardDuty("us-east-1");
        var enabledIds = await enabled.ListDetectorsAsync(CancellationToken.None);
        var disabled = clients.GuardDuty("eu-west-1");
        var disabledIds = await disabled.ListDetectorsAsync(CancellationToken.None);
        var none = await clients.GuardDuty("us-west-2").ListDetectorsAsync(CancellationToken.None);

        var enabledDetector = await enabled.GetDetectorAsync(Assert.Single(enabledIds), CancellationToken.None);
        Assert.Equal("ENABLED", enabledDetector.Status);
        Assert.True(enabledDetector.IsEnabled);
        Assert.Equal(enabledIds[0], enabledDetector.DetectorId);

        var disabledDetector = await disabled.GetDetectorAsync(Assert.Single(disabledIds), CancellationToken.None);
        Assert.Equal("DISABLED", disabledDetector.Status);
        Assert.False(disabledDetector.IsEnabled);
        Assert.NotEqual(enabledIds[0], disabledIds[0]);

        Assert.Empty(none);
    }

    [Fact]
    public async Task GuardDuty_GetDetector_of_an_unknown_id_is_BadRequestException_from_the_error_type_header_not_retried()
    {
        await moto.SeedAsync("""{"guardDuty":{"us-east-1":"ENABLED"}}""");
        var clients = TestClients.ForMoto(moto);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.GuardDuty("us-east-1").GetDetectorAsync("0123456789abcdef0123456789abcdef", CancellationToken.None));

        // moto answers X-Amzn-ErrorType: BadRequestException (as GuardDuty does) with a body __type of
        // InvalidInputException: the rest-json header wins.
        Assert.Equal("BadRequestException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("detectorId", error.ErrorMessage, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(1, clients.CallsOf("guardduty:GetDetector"));
        Assert.Empty(clients.Counters().Retries);
    }

    [Fact]
    public async Task Shield_without_a_subscription_is_inactive()
    {
        var clients = TestClients.ForMoto(moto);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.False(subscription.Active);
        Assert.Null(subscription.AutoRenew);
        Assert.Null(subscription.EndTime);
    }

    [Fact]
    public async Task Shield_with_a_subscription_is_active_with_its_AutoRenew_setting()
    {
        await moto.SeedAsync("""{"shield":{"autoRenew":"DISABLED"}}""");
        var clients = TestClients.ForMoto(moto);
        var now = DateTimeOffset.UtcNow;

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.True(subscription.Active);
        Assert.Equal("DISABLED", subscription.AutoRenew);
        Assert.NotNull(subscription.StartTime);
        Assert.NotNull(subscription.EndTime);
        Assert.True(subscription.EndTime > now, $"EndTime {subscription.EndTime:o} should be in the future");
        Assert.True(subscription.StartTime < subscription.EndTime);
    }

    [Fact]
    public async Task Shield_probe_that_moto_does_not_implement_is_sent_once_then_DescribeSubscription_answers()
    {
        // moto 5.2.1 does not implement GetSubscriptionState: as shipped it answers an HTML 500. The probe must
        // not be retried (a 500 is otherwise transient) and DescribeSubscription must answer instead.
        await moto.SeedAsync("""{"shield":{"autoRenew":"ENABLED"}}""");
        var clients = TestClients.ForMoto(moto);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.True(subscription.Active);
        Assert.Equal("ENABLED", subscription.AutoRenew);
        Assert.Equal(1, clients.CallsOf("shield:GetSubscriptionState"));
        Assert.Equal(1, clients.CallsOf("shield:DescribeSubscription"));
        Assert.Empty(clients.Counters().Retries);
    }

    [Fact]
    public async Task Shield_DescribeSubscription_without_a_subscription_is_null()
    {
        var subscription = await TestClients.ForMoto(moto).Shield().DescribeSubscriptionAsync(CancellationToken.None);

        Assert.Null(subscription);
    }

    [Fact]
    public async Task Sts_GetCallerIdentity_returns_the_account_id()
    {
        var clients = TestClients.ForMoto(moto);
        using var sts = clients.Sts();

        var account = await sts.GetCallerIdentityAccountAsync(CancellationToken.None);

        Assert.Equal(MotoServer.AccountId, account);
        Assert.Equal(1, clients.CallsOf("sts:GetCallerIdentity"));
    }
}
