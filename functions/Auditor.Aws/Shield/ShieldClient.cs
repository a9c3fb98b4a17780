using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.Shield;

/// <summary>Shield over json 1.1; a global service at <c>shield.us-east-1.amazonaws.com</c>.</summary>
public sealed class ShieldClient
{
    private const string TargetPrefix = "AWSShield_20160616.";
    private readonly AwsRequestSender _sender;

    public ShieldClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>ACTIVE or INACTIVE; never an error for an account without a subscription.</summary>
    public async Task<string> GetSubscriptionStateAsync(CancellationToken cancellationToken)
    {
        var response = await CallAsync("GetSubscriptionState", cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.GetSubscriptionStateResponse, "shield", "GetSubscriptionState").SubscriptionState ?? "INACTIVE";
    }

    /// <summary>The subscription, or null when there is none (<c>ResourceNotFoundException</c>).</summary>
    public async Task<Subscription?> DescribeSubscriptionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync("DescribeSubscription", cancellationToken).ConfigureAwait(false);
            return JsonReply.Read(response, AwsJsonContext.Default.DescribeSubscriptionResponse, "shield", "DescribeSubscription").Subscription;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }

    /// <summary>
    /// The subscription as the check needs it: GetSubscriptionState first, falling back to DescribeSubscription
    /// where the endpoint does not know GetSubscriptionState (some emulators), then DescribeSubscription for the
    /// auto-renew setting of an active subscription.
    /// </summary>
    public async Task<ShieldSubscription> GetSubscriptionAsync(CancellationToken cancellationToken)
    {
        bool active;
        try
        {
            active = await GetSubscriptionStateAsync(cancellationToken).ConfigureAwait(false) == "ACTIVE";
        }
        catch (AwsServiceException e) when (IsUnknownOperation(e))
        {
            var fallback = await DescribeSubscriptionAsync(cancellationToken).ConfigureAwait(false);
            return ToModel(fallback, fallback is not null);
        }

        return active ? ToModel(await DescribeSubscriptionAsync(cancellationToken).ConfigureAwait(false), true) : ShieldSubscription.None;
    }

    private static ShieldSubscription ToModel(Subscription? subscription, bool active) =>
        subscription is null
            ? active ? new ShieldSubscription(true, null, null, null) : ShieldSubscription.None
            : new ShieldSubscription(active, subscription.StartTime, subscription.EndTime, subscription.AutoRenew);

    private static bool IsUnknownOperation(AwsServiceException e) =>
        e.ErrorCode is "UnknownOperationException" or "InvalidAction" or "NotImplemented" or "UnrecognizedClientException"
        || e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.NotImplemented;

    private Task<AwsResponse> CallAsync(string operation, CancellationToken cancellationToken) =>
        _sender.SendAsync(operation, endpoint => AwsRequests.Json11(endpoint, TargetPrefix + operation, AwsRequests.EmptyJsonObject), cancellationToken);
}

public sealed record GetSubscriptionStateResponse(string? SubscriptionState);

public sealed record DescribeSubscriptionResponse(Subscription? Subscription);

public sealed record Subscription
{
    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? EndTime { get; init; }

    public string? AutoRenew { get; init; }
}
