using System.Net;

namespace Auditor.Aws;

/// <summary>An error answer from an AWS service, with the service's own error code.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, string errorCode, string message, HttpStatusCode statusCode, string? requestId, TimeSpan? retryAfter = null)
        : this(service, operation, errorCode, message, statusCode, requestId, retryAfter, null)
    {
    }

    /// <param name="statusCode">0 when no usable answer arrived (connection failed, every attempt timed out).</param>
    public AwsServiceException(string service, string operation, string errorCode, string message, HttpStatusCode statusCode, string? requestId, TimeSpan? retryAfter, Exception? innerException)
        : base(
            statusCode == 0
                ? $"{service} {operation} failed with {errorCode} (no answer): {message}"
                : $"{service} {operation} failed with {errorCode} (HTTP {(int)statusCode}): {message}",
            innerException)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        ErrorMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    public string Service { get; }

    public string Operation { get; }

    /// <summary>The AWS error code, for example <c>AccessDenied</c> or <c>ThrottlingException</c>.</summary>
    public string ErrorCode { get; }

    public string ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the service never gave a usable answer (connection failures, timeouts).</summary>
    public bool NoAnswer => StatusCode == 0;

    /// <summary>A call that got no usable answer after its retries: <paramref name="errorCode"/> names why.</summary>
    public static AwsServiceException WithoutAnswer(string service, string operation, string errorCode, string detail, Exception innerException) =>
        new(service, operation, errorCode, detail, 0, null, null, innerException);
}
