using Auditor.Aws.Http;
using Auditor.Core.Model;

namespace Auditor.Aws.GuardDuty;

/// <summary>GuardDuty over rest-json (camelCase members).</summary>
public sealed class GuardDutyClient
{
    private readonly AwsRequestSender _sender;

    public GuardDutyClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>Every detector id in the region, across all pages; empty means GuardDuty is not enabled there.</summary>
    public async Task<IReadOnlyList<string>> ListDetectorsAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? nextToken = null;
        do
        {
            var path = "detector?maxResults=50" + (nextToken is null ? string.Empty : "&nextToken=" + Uri.EscapeDataString(nextToken));
            var response = await _sender.SendAsync("ListDetectors", endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, AwsJsonContext.Default.ListDetectorsResponse, "guardduty", "ListDetectors");
            ids.AddRange(page.DetectorIds ?? []);
            nextToken = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        }
        while (nextToken is not null);

        return ids;
    }

    public async Task<GuardDutyDetector> GetDetectorAsync(string detectorId, CancellationToken cancellationToken)
    {
        var path = "detector/" + Uri.EscapeDataString(detectorId);
        var response = await _sender.SendAsync("GetDetector", endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        var detector = JsonReply.Read(response, AwsJsonContext.Default.GetDetectorResponse, "guardduty", "GetDetector");
        return new GuardDutyDetector(
            detectorId,
            detector.Status ?? "UNKNOWN",
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
