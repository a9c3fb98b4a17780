using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.GuardDuty;

/// <summary>GuardDuty over rest-json (camelCase members).</summary>
public sealed class GuardDutyClient
{
    public static readonly AwsOperation ListDetectors = new(AwsService.GuardDuty, nameof(ListDetectors));

    public static readonly AwsOperation GetDetector = new(AwsService.GuardDuty, nameof(GetDetector), resource: "arn:${AWS::Partition}:guardduty:*:${AWS::AccountId}:detector/*");

    private readonly AwsRequestSender _sender;

    public GuardDutyClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// Every detector id in the region, across all pages (empty pages with a token included); empty means GuardDuty
    /// is not enabled there. A page without <c>detectorIds</c> (a required member) or a token that comes back again
    /// is an error, never "no detector".
    /// </summary>
    public Task<IReadOnlyList<string>> ListDetectorsAsync(CancellationToken cancellationToken) =>
        Paginator.ReadAllAsync(ListDetectors, "nextToken", async nextToken =>
        {
            var path = "detector?maxResults=50" + (nextToken is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(nextToken));
            var response = await _sender.SendAsync(ListDetectors, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, AwsJsonContext.Default.ListDetectorsResponse, "guardduty", "ListDetectors");
            return new Page<string>(page.DetectorIds ?? throw XmlReply.Malformed("guardduty", "ListDetectors", "no detectorIds"), page.NextToken);
        });

    public async Task<GuardDutyDetector> GetDetectorAsync(string detectorId, CancellationToken cancellationToken)
    {
        var path = "detector/" + Uri.EscapeDataString(detectorId);
        var response = await _sender.SendAsync(GetDetector, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        var detector = JsonReply.Read(response, AwsJsonContext.Default.GetDetectorResponse, "guardduty", "GetDetector");
        return new GuardDutyDetector(
            detectorId,
            detector.Status ?? throw XmlReply.Malformed("guardduty", "GetDetector", "no status"),
            (detector.Features ?? []).Where(f => f.Name is not null).Select(f => new GuardDutyFeature(f.Name!, f.Status ?? "UNKNOWN")).ToList());
    }
}

public sealed record ListDetectorsResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("detectorIds")] IReadOnlyList<string>? DetectorIds,
    [property: System.Text.Json.Serialization.JsonPropertyName("nextToken")] string? NextToken);

public sealed record GetDetectorResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status,
    [property: System.Text.Json.Serialization.JsonPropertyName("features")] IReadOnlyList<DetectorFeature>? Features);

public sealed record DetectorFeature(
    [property: System.Text.Json.Serialization.JsonPropertyName("name")] string? Name,
    [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status);
