using System.Text.Json.Serialization;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.AccessAnalyzer;

/// <summary>IAM Access Analyzer over rest-json (camelCase members), signing name <c>access-analyzer</c>.</summary>
public sealed class AccessAnalyzerClient
{
    /// <summary>ListAnalyzers' largest page.</summary>
    public const int MaxPageSize = 100;

    public static readonly AwsOperation ListAnalyzers = new(AwsService.AccessAnalyzer, nameof(ListAnalyzers));

    private readonly AwsRequestSender _sender;

    public AccessAnalyzerClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// Every analyzer of the region, of every type, across all pages (<c>GET /analyzer</c>, following
    /// <c>nextToken</c>). The first request is a probe sent once, as for CloudTrail's LookupEvents: where the API is
    /// denied or not served (moto answers an HTML 500), the region is reported at once instead of after every retry;
    /// a throttled probe is sent again through the retrying pipeline, and later pages are retried as usual.
    /// </summary>
    public Task<IReadOnlyList<Core.Model.AccessAnalyzer>> ListAnalyzersAsync(CancellationToken cancellationToken, int pageSize = MaxPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        return Paginator.ReadAllAsync(ListAnalyzers, "nextToken", async nextToken =>
        {
            var path = "analyzer?maxResults=" + pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + (nextToken is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(nextToken));
            var response = nextToken is null ? await ProbeAsync(path, cancellationToken).ConfigureAwait(false) : await SendAsync(path, retry: true, cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, AccessAnalyzerJsonContext.Default.ListAnalyzersResponse, "access-analyzer", "ListAnalyzers");
            var analyzers = page.Analyzers ?? throw XmlReply.Malformed("access-analyzer", "ListAnalyzers", "no analyzers");
            return new Page<Core.Model.AccessAnalyzer>(
                analyzers.Select(a => a.Name is null || a.Arn is null || a.Type is null || a.Status is null
                    ? throw XmlReply.Malformed("access-analyzer", "ListAnalyzers", "an analyzer without name, arn, type or status")
                    : new Core.Model.AccessAnalyzer(a.Name, a.Arn, a.Type, a.Status)).ToList(),
                page.NextToken);
        });
    }

    private async Task<AwsResponse> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(path, retry: false, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (TransientErrors.IsThrottling(e))
        {
            return await SendAsync(path, retry: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<AwsResponse> SendAsync(string path, bool retry, CancellationToken cancellationToken) =>
        _sender.SendAsync(ListAnalyzers, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, path), cancellationToken, retry);
}

public sealed record ListAnalyzersResponse(
    [property: JsonPropertyName("analyzers")] IReadOnlyList<AnalyzerSummary>? Analyzers,
    [property: JsonPropertyName("nextToken")] string? NextToken);

public sealed record AnalyzerSummary(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("arn")] string? Arn,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>Source-generated JSON for the Access Analyzer wire shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListAnalyzersResponse))]
internal sealed partial class AccessAnalyzerJsonContext : JsonSerializerContext;
