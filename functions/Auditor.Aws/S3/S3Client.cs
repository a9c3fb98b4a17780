using System.Security.Cryptography;
using Auditor.Aws.Http;

namespace Auditor.Aws.S3;

/// <summary>
/// Amazon S3 over rest-xml, for the report bucket: reading and listing its objects. Path-style addressing when an
/// endpoint is configured (an emulator), virtual-hosted otherwise. Each operation is declared with the one part of the
/// bucket its caller needs, so a function's role reaches no further.
/// </summary>
public sealed class S3Client
{
    /// <summary>The audit reads the accepted risks, and nothing else of the bucket.</summary>
    public static readonly AwsOperation GetSuppressions = new(AwsService.S3, "GetObject", resource: "${ReportBucket.Arn}/config/suppressions.yaml") { OpaqueReply = true };

    /// <summary>Listing is granted on the bucket (<c>s3:ListBucket</c>); with it, a missing object reads as missing, not as AccessDenied.</summary>
    public static readonly AwsOperation ListObjectsV2 = new(AwsService.S3, nameof(ListObjectsV2), iamAction: "s3:ListBucket", resource: "!GetAtt ReportBucket.Arn");

    private static readonly string EmptyPayloadHash = Convert.ToHexStringLower(SHA256.HashData([]));

    private readonly AwsRequestSender _sender;
    private readonly bool _pathStyle;

    public S3Client(AwsRequestSender sender, bool pathStyle)
    {
        _sender = sender;
        _pathStyle = pathStyle;
    }

    /// <summary>The object's bytes, or null when the bucket has no such key.</summary>
    /// <param name="operation">The declared <c>GetObject</c> grant the caller reads under.</param>
    public async Task<byte[]?> GetObjectAsync(AwsOperation operation, string bucket, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Name != "GetObject")
        {
            throw new ArgumentException($"{operation} is not a GetObject grant", nameof(operation));
        }

        try
        {
            var response = await _sender.SendAsync(operation, endpoint => Request(HttpMethod.Get, endpoint, bucket, key, null), cancellationToken).ConfigureAwait(false);
            return response.Body;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    /// <summary>Every key under <paramref name="prefix"/>, across all pages.</summary>
    public async Task<IReadOnlyList<string>> ListObjectsV2Async(string bucket, string prefix, CancellationToken cancellationToken)
    {
        return await Paginator.ReadAllAsync(ListObjectsV2, "NextContinuationToken", async token =>
        {
            var query = $"list-type=2&prefix={Uri.EscapeDataString(prefix)}" + (token is null ? string.Empty : $"&continuation-token={Uri.EscapeDataString(token)}");
            var response = await _sender.SendAsync(ListObjectsV2, endpoint => Request(HttpMethod.Get, endpoint, bucket, string.Empty, query), cancellationToken).ConfigureAwait(false);
            var result = XmlReply.Load(response, "s3", nameof(ListObjectsV2));
            var keys = result.Children("Contents").Select(c => c.Text("Key") ?? throw XmlReply.Malformed("s3", nameof(ListObjectsV2), "a Contents without a Key")).ToList();
            var truncated = string.Equals(result.Text("IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            return new Page<string>(keys, truncated ? result.Text("NextContinuationToken") ?? throw XmlReply.Malformed("s3", nameof(ListObjectsV2), "IsTruncated without a NextContinuationToken") : null);
        }).ConfigureAwait(false);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri endpoint, string bucket, string key, string? query)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var uri = _pathStyle
            ? new Uri(endpoint, $"{bucket}/{path}{(query is null ? string.Empty : "?" + query)}")
            : new UriBuilder(endpoint) { Host = $"{bucket}.{endpoint.Host}", Path = "/" + path, Query = query ?? string.Empty }.Uri;
        var request = new HttpRequestMessage(method, uri);

        // S3 wants the payload's hash in a header of its own, signed with the rest.
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", EmptyPayloadHash);
        return request;
    }
}
