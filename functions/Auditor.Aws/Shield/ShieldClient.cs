using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.Shield;

/// <summary>Shield over json 1.1; a global service at <c>shield.us-east-1.amazonaws.com</c>.</summary>
public sealed class ShieldClient
{
    private const string TargetPrefix = "AWSShield_20160616.";
    public static readonly AwsOperation GetSubscriptionState = new(AwsService.Shield, nameof(GetSubscriptionState));
    public static readonly AwsOperation DescribeSubscription = new(AwsService.Shield, nameof(DescribeSubscription));

    private readonly AwsRequestSender _sender;
    private readonly TimeProvider _time;

    public ShieldClient(AwsRequestSender sender, TimeProvider? time = null)
    {
        _sender = sender;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>ACTIVE or INACTIVE; never an error for an account without a subscription.</summary>
    public async Task<string> GetSubscriptionStateAsync(CancellationToken cancellationToken, bool retry = true)
    {
        var response = await CallAsync(GetSubscriptionState, cancellationToken, retry).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.GetSubscriptionStateResponse, "shield", "GetSubscriptionState").SubscriptionState
            ?? throw XmlReply.Malformed("shield", "GetSubscriptionState", "no SubscriptionState");
    }

    /// <summary>The subscription, or null when there is none (<c>ResourceNotFoundException</c>).</summary>
    public async Task<Subscription?> DescribeSubscriptionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await CallAsync(DescribeSubscription, cancellationToken).ConfigureAwait(false);
            return JsonReply.Read(response, AwsJsonContext.Default.DescribeSubscriptionResponse, "shield", "DescribeSubscription").Subscription;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }

    /// <summary>
    /// The subscription as the check needs it: GetSubscriptionState first, then DescribeSubscription for the
    /// auto-renew setting of an active subscription. GetSubscriptionState is a probe sent once: where it fails
    /// (an endpoint that does not know it, such as moto, answers with an unknown-operation error or an HTML 500),
    /// DescribeSubscription answers the same question: <c>ResourceNotFoundException</c> means no subscription.
    /// </summary>
    public async Task<ShieldSubscription> GetSubscriptionAsync(CancellationToken cancellationToken)
    {
        bool active;
        try
        {
            active = await GetSubscriptionStateAsync(cancellationToken, retry: false).ConfigureAwait(false) == "ACTIVE";
        }
        catch (Exception e) when (e is AwsServiceException { ErrorCode: not ("AccessDeniedException" or "AccessDenied") } || Resilience.TransientErrors.IsTransient(e))
        {
            var fallback = await DescribeSubscriptionAsync(cancellationToken).ConfigureAwait(false);
            return ToModel(fallback, fallback is not null && (fallback.EndTime is null || fallback.EndTime > _time.GetUtcNow()));
        }

        return active ? ToModel(await DescribeSubscriptionAsync(cancellationToken).ConfigureAwait(false), true) : ShieldSubscription.None;
    }

    private static ShieldSubscription ToModel(Subscription? subscription, bool active) =>
        subscription is null
            ? active ? new ShieldSubscription(true, null, null, null) : ShieldSubscription.None
            : new ShieldSubscription(active, subscription.StartTime, subscription.EndTime, subscription.AutoRenew);

    private Task<AwsResponse> CallAsync(AwsOperation operation, CancellationToken cancellationToken, bool retry = true) =>
        _sender.SendAsync(operation, endpoint => AwsRequests.Json11(endpoint, TargetPrefix + operation.Name, AwsRequests.EmptyJsonObject), cancellationToken, retry);
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
