using System.Net;

namespace Auditor.Aws;

/// <summary>An error answer from an AWS service, with the service's own error code.</summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string operation, string errorCode, string message, HttpStatusCode statusCode, string? requestId, TimeSpan? retryAfter = null)
        : base($"{service} {operation} failed with {errorCode} (HTTP {(int)statusCode}): {message}")
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
}
