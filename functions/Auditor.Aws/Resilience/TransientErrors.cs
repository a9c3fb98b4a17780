using System.Net;
using Polly.Timeout;

namespace Auditor.Aws.Resilience;

/// <summary>
/// The one retry rule for every client: throttling codes, HTTP 429 and 5xx, timeouts, connection failures,
/// replies cut short, and expired credentials (refreshed before the retry) are transient; access denied,
/// validation and other client errors can never succeed and are not.
/// </summary>
public static class TransientErrors
{
    /// <summary>A success status whose body ended early or is not a complete JSON/XML document: a transport fault.</summary>
    public const string IncompleteResponse = "IncompleteResponse";

    /// <summary>The code of a call whose every attempt timed out.</summary>
    public const string Timeout = "Timeout";

    /// <summary>The code of a call whose every attempt failed to connect or lost its connection.</summary>
    public const string ConnectionFailed = "ConnectionFailed";

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        // LimitExceeded: IAM's answer to GenerateCredentialReport called too often, and Security Hub's per-finding
        // rate error; none of the operations Auditor calls can exceed a real quota.
        "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "TooManyRequests",
        "RequestLimitExceeded", "LimitExceeded", "LimitExceededException", "RequestThrottled", "RequestThrottledException",
        "ProvisionedThroughputExceededException", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> ServerCodes = new(StringComparer.Ordinal)
    {
        "InternalError", "InternalFailure", "InternalException", "InternalServerError", "InternalServerErrorException",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException",
        IncompleteResponse, Timeout, ConnectionFailed,
    };

    // A request signed just before the credentials expired, or credentials that expired mid-run: re-signing
    // with refreshed credentials succeeds. (RequestExpired: the signature's timestamp is too old.)
    private static readonly HashSet<string> ExpiredCredentialCodes = new(StringComparer.Ordinal)
    {
        "ExpiredToken", "ExpiredTokenException", "RequestExpired",
    };

    public static bool IsThrottling(AwsServiceException error) =>
        ThrottlingCodes.Contains(error.ErrorCode) || error.StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>Whether an error code alone (as in BatchImportFindings' <c>FailedFindings</c>) names a throttling or server fault.</summary>
    public static bool IsTransientCode(string? code) => code is not null && (ThrottlingCodes.Contains(code) || ServerCodes.Contains(code));

    public static bool IsExpiredCredentials(Exception exception) =>
        exception is AwsServiceException aws && ExpiredCredentialCodes.Contains(aws.ErrorCode);

    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException aws => IsThrottling(aws) || ServerCodes.Contains(aws.ErrorCode) || (int)aws.StatusCode >= 500 || IsExpiredCredentials(aws),
        HttpRequestException => true,
        TimeoutRejectedException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>A short name for why a call was retried, for the run's counters.</summary>
    public static string Cause(Exception exception) => exception switch
    {
        AwsServiceException aws when IsThrottling(aws) => "throttling",
        AwsServiceException aws when IsExpiredCredentials(aws) => "expired-credentials",
        AwsServiceException { ErrorCode: IncompleteResponse } => "incomplete-response",
        AwsServiceException { ErrorCode: Timeout } => "timeout",
        AwsServiceException { ErrorCode: ConnectionFailed } => "connection",
        AwsServiceException aws => $"http-{(int)aws.StatusCode}",
        TimeoutRejectedException => "timeout",
        HttpRequestException or IOException => "connection",
        _ => "other",
    };
}
