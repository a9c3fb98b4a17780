using System.Text.Json;
using Auditor.Aws.Http;
using Auditor.Core.Findings;

namespace Auditor.Aws.SecurityHub;

/// <summary>Security Hub (CSPM) over rest-json, PascalCase members as in ASFF.</summary>
public sealed class SecurityHubClient
{
    public const int MaxFindingsPerImport = 100;

    /// <summary>The account's hub in any region: <c>DescribeHub</c> and <c>GetFindings</c> are granted on it.</summary>
    private const string Hub = "arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:hub/default";

    public static readonly AwsOperation DescribeHub = new(AwsService.SecurityHub, nameof(DescribeHub), resource: Hub);
    public static readonly AwsOperation GetFindings = new(AwsService.SecurityHub, nameof(GetFindings), resource: Hub);

    /// <summary>Imports go to the account's own <c>default</c> product in any region, and nowhere else.</summary>
    public static readonly AwsOperation BatchImportFindings = new(
        AwsService.SecurityHub, nameof(BatchImportFindings), resource: "arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:product/${AWS::AccountId}/default");

    /// <summary>Workflow and note changes (the accepted risks); granted on the hub, like the reads.</summary>
    public static readonly AwsOperation BatchUpdateFindings = new(AwsService.SecurityHub, nameof(BatchUpdateFindings), resource: Hub);

    private readonly AwsRequestSender _sender;

    public SecurityHubClient(AwsRequestSender sender) => _sender = sender;

    public string Region => _sender.Region;

    /// <summary>The hub of this account and region; <c>InvalidAccessException</c> when Security Hub is not enabled.</summary>
    public async Task<DescribeHubResponse> DescribeHubAsync(CancellationToken cancellationToken)
    {
        var response = await _sender.SendAsync(DescribeHub, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Get, "accounts"), cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.DescribeHubResponse, "securityhub", "DescribeHub");
    }

    /// <summary>Succeeds when Security Hub (CSPM) is enabled in this region; otherwise a <see cref="Auditing.SecurityHubNotEnabledException"/>.</summary>
    public async Task EnsureEnabledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DescribeHubAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "InvalidAccessException" or "ResourceNotFoundException")
        {
            throw new Auditing.SecurityHubNotEnabledException(Region, e.ErrorMessage);
        }
    }

    /// <summary>Imports 1 to 100 findings in one request (the writer packs larger sets with <see cref="ImportBodyPacker"/>).</summary>
    public async Task<BatchImportFindingsResponse> BatchImportFindingsAsync(IReadOnlyList<AsffFinding> findings, CancellationToken cancellationToken)
    {
        if (findings.Count is 0 or > MaxFindingsPerImport)
        {
            throw new ArgumentOutOfRangeException(nameof(findings), findings.Count, $"BatchImportFindings takes 1 to {MaxFindingsPerImport} findings");
        }

        using var packer = new ImportBodyPacker(MaxFindingsPerImport, int.MaxValue);
        return await BatchImportFindingsAsync(packer.Pack(findings).Single(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one packed body; its bytes are read on every attempt, so they must stay put until this returns.</summary>
    public async Task<BatchImportFindingsResponse> BatchImportFindingsAsync(ImportBody body, CancellationToken cancellationToken)
    {
        if (body.Count is 0 or > MaxFindingsPerImport)
        {
            throw new ArgumentOutOfRangeException(nameof(body), body.Count, $"BatchImportFindings takes 1 to {MaxFindingsPerImport} findings");
        }

        var response = await _sender.SendAsync(BatchImportFindings, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Post, "findings/import", body.Json), cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.BatchImportFindingsResponse, "securityhub", "BatchImportFindings");
    }

    /// <summary>Sets the workflow status and note of 1 to 100 findings of this region.</summary>
    public async Task<BatchUpdateFindingsResponse> BatchUpdateFindingsAsync(BatchUpdateFindingsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.FindingIdentifiers.Count is 0 or > MaxFindingsPerImport)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.FindingIdentifiers.Count, $"BatchUpdateFindings takes 1 to {MaxFindingsPerImport} findings");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJsonContext.Default.BatchUpdateFindingsRequest);
        var response = await _sender.SendAsync(BatchUpdateFindings, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Patch, "findings/batchupdate", body), cancellationToken).ConfigureAwait(false);
        return JsonReply.Read(response, AwsJsonContext.Default.BatchUpdateFindingsResponse, "securityhub", "BatchUpdateFindings");
    }

    /// <summary>
    /// Every finding matching the filters, across all pages (empty pages with a NextToken included). The string
    /// filters are applied again on our side, because emulators may ignore them.
    /// </summary>
    public async Task<IReadOnlyList<AsffFinding>> GetFindingsAsync(IReadOnlyDictionary<string, IReadOnlyList<StringFilter>> filters, CancellationToken cancellationToken)
    {
        return await Paginator.ReadAllAsync(GetFindings, "NextToken", async nextToken =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new GetFindingsRequest(filters, MaxFindingsPerImport, nextToken), AwsJsonContext.Default.GetFindingsRequest);
            var response = await _sender.SendAsync(GetFindings, endpoint => AwsRequests.RestJson(endpoint, HttpMethod.Post, "findings", body), cancellationToken).ConfigureAwait(false);
            var findings = new List<AsffFinding>();
            return new Page<AsffFinding>(findings, ReadPage(response, filters, findings));
        }).ConfigureAwait(false);
    }

    private static string? ReadPage(AwsResponse response, IReadOnlyDictionary<string, IReadOnlyList<StringFilter>> filters, List<AsffFinding> into)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Body);
            var root = document.RootElement;
            // Findings is required: a page without it must not read as "nothing stored", which would reset CreatedAt.
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Findings", out var page) || page.ValueKind != JsonValueKind.Array)
            {
                throw XmlReply.Malformed("securityhub", "GetFindings", "no Findings array");
            }

            foreach (var element in page.EnumerateArray())
            {
                if (Matches(element, filters))
                {
                    into.Add(element.Deserialize(AsffJsonContext.Default.AsffFinding)
                        ?? throw XmlReply.Malformed("securityhub", "GetFindings", "a null finding"));
                }
            }

            return root.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } next
                ? next
                : null;
        }
        catch (JsonException e)
        {
            throw XmlReply.Malformed("securityhub", "GetFindings", e.Message);
        }
    }

    private static bool Matches(JsonElement finding, IReadOnlyDictionary<string, IReadOnlyList<StringFilter>> filters)
    {
        foreach (var (member, conditions) in filters)
        {
            var value = member switch
            {
                "ComplianceStatus" => Nested(finding, "Compliance", "Status"),
                "SeverityLabel" => Nested(finding, "Severity", "Label"),
                _ => finding.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null,
            };

            // Within one member the filters are OR-ed (EQUALS) as in Security Hub; members are AND-ed.
            if (!conditions.Any(c => c.Matches(value)))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Nested(JsonElement finding, string outer, string inner) =>
        finding.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(inner, out var i) && i.ValueKind == JsonValueKind.String
            ? i.GetString()
            : null;
}
