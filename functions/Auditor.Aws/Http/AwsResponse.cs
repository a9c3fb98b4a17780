using System.Net;

namespace Auditor.Aws.Http;

/// <summary>A successful answer: status, body and request id.</summary>
public sealed record AwsResponse(HttpStatusCode StatusCode, byte[] Body, string? RequestId);
