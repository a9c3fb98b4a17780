using Auditor.Aws.Tests.Support;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// Shield's GetSubscriptionState path, which moto 5.2.1 does not implement; a loopback fake answers it.
/// </summary>
public sealed class ShieldSubscriptionTests
{
    [Fact]
    public async Task An_active_state_reads_the_subscription_with_epoch_second_times()
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.Target switch
        {
            "AWSShield_20160616.GetSubscriptionState" => FakeReply.Json11("""{"SubscriptionState":"ACTIVE"}"""),
            "AWSShield_20160616.DescribeSubscription" => FakeReply.Json11("""{"Subscription":{"StartTime":1.7040672E9,"EndTime":4102444800,"AutoRenew":"DISABLED","TimeCommitmentInSeconds":31536000}}"""),
            _ => FakeReply.Json11Error(400, "UnknownOperationException", "unknown"),
        });
        var clients = TestClients.ForFake(fake);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.True(subscription.Active);
        Assert.Equal("DISABLED", subscription.AutoRenew);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), subscription.StartTime);
        Assert.Equal(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), subscription.EndTime);
    }

    [Fact]
    public async Task An_inactive_state_is_no_subscription_without_asking_further()
    {
        using var fake = new FakeAws();
        fake.Respond(_ => FakeReply.Json11("""{"SubscriptionState":"INACTIVE"}"""));
        var clients = TestClients.ForFake(fake);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.False(subscription.Active);
        Assert.Null(subscription.AutoRenew);
        Assert.Equal("AWSShield_20160616.GetSubscriptionState", Assert.Single(fake.Requests).Target);
    }

    [Theory]
    [InlineData(400, "UnknownOperationException")]
    [InlineData(500, "InternalFailure")]
    public async Task A_probe_that_fails_is_sent_once_and_DescribeSubscription_answers(int status, string code)
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.Target == "AWSShield_20160616.GetSubscriptionState"
            ? FakeReply.Json11Error(status, code, "the probe failed")
            : FakeReply.Json11Error(400, "ResourceNotFoundException", "The subscription does not exist."));
        var clients = TestClients.ForFake(fake);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.False(subscription.Active);
        Assert.Equal(
            ["AWSShield_20160616.GetSubscriptionState", "AWSShield_20160616.DescribeSubscription"],
            fake.Requests.Select(r => r.Target));
        Assert.Empty(clients.Counters().Retries);
    }

    [Fact]
    public async Task A_subscription_read_by_the_fallback_that_has_ended_is_inactive()
    {
        using var fake = new FakeAws();
        fake.Respond(request => request.Target == "AWSShield_20160616.GetSubscriptionState"
            ? FakeReply.Json11Error(400, "UnknownOperationException", "unknown operation")
            : FakeReply.Json11("""{"Subscription":{"StartTime":1600000000,"EndTime":1650000000,"AutoRenew":"DISABLED"}}"""));
        var clients = TestClients.ForFake(fake);

        var subscription = await clients.Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.False(subscription.Active);
        Assert.Equal("DISABLED", subscription.AutoRenew);
    }
}
