using System.Net;
using Polly.Timeout;

namespace Auditor.Aws.Resilience;

/// <summary>
/// The one retry rule for every client: throttling codes, HTTP 429 and 5xx, timeouts and connection
/// failures are transient; access denied, validation and other client errors can never succeed and are not.
/// </summary>
public static class TransientErrors
{
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "LimitExceededException", "RequestThrottled", "RequestThrottledException",
        "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete",
    };

    private static readonly HashSet<string> ServerCodes = new(StringComparer.Ordinal)
    {
        "InternalError", "InternalFailure", "InternalException", "InternalServerError", "InternalServerErrorException",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "EC2ThrottledException",
    };

    public static bool IsThrottling(AwsServiceException error) =>
        ThrottlingCodes.Contains(error.ErrorCode) || error.StatusCode == HttpStatusCode.TooManyRequests;

    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException aws => IsThrottling(aws) || ServerCodes.Contains(aws.ErrorCode) || (int)aws.StatusCode >= 500,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>A short name for why a call was retried, for the run's counters.</summary>
    public static string Cause(Exception exception) => exception switch
    {
        AwsServiceException aws when IsThrottling(aws) => "throttling",
        AwsServiceException aws => $"http-{(int)aws.StatusCode}",
        TimeoutRejectedException => "timeout",
        HttpRequestException or IOException => "connection",
        _ => "other",
    };
}
