using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Auditor.Testing;

/// <summary>
/// Security Hub's <c>BatchUpdateFindings</c>, which moto 5.2.1 does not implement, in front of moto's Security Hub.
/// <para>
/// Built from the documented shapes: <c>PATCH /findings/batchupdate</c> with <c>FindingIdentifiers[{Id, ProductArn}]</c>
/// (1 to 100), <c>Workflow{Status}</c> (NEW, NOTIFIED, RESOLVED, SUPPRESSED) and <c>Note{Text (at most 512),
/// UpdatedBy (at most 128)}</c>, answered with <c>ProcessedFindings</c> and <c>UnprocessedFindings[{FindingIdentifier,
/// ErrorCode, ErrorMessage}]</c>; a finding never imported is unprocessed with <c>FindingNotFound</c>. As in Security
/// Hub, the workflow and note belong to the customer: they survive later imports, and <c>GetFindings</c> answers with
/// them. Every other request goes to moto unchanged. Point <c>AWS_ENDPOINT_URL_SECURITYHUB</c> at
/// <see cref="Endpoint"/>.
/// </para>
/// </summary>
public sealed class SecurityHubWorkflowProxy : IAsyncDisposable
{
    private static readonly string[] Statuses = ["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"];

    private readonly LoopbackHttpServer _server;
    private readonly UpstreamForwarder _upstream;
    private readonly ConcurrentDictionary<string, JsonObject> _workflows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _imported = new(StringComparer.Ordinal);

    private SecurityHubWorkflowProxy(Uri upstream)
    {
        _upstream = new UpstreamForwarder(upstream);
        _server = LoopbackHttpServer.Start(AnswerAsync);
    }

    public Uri Endpoint => _server.BaseAddress;

    /// <summary>Every BatchUpdateFindings request body received, in order.</summary>
    public ConcurrentQueue<JsonObject> Updates { get; } = new();

    public static SecurityHubWorkflowProxy Start(Uri upstream) => new(upstream);

    /// <summary>What a person does in the console: sets a finding's workflow and note.</summary>
    public void SetInConsole(string findingId, string status, string note, string updatedBy) =>
        _workflows[findingId] = Workflow(status, note, updatedBy);

    /// <summary>The finding's workflow status and note text as Security Hub holds them; null when never set.</summary>
    public (string Status, string? Note, string? UpdatedBy)? WorkflowOf(string findingId) =>
        _workflows.TryGetValue(findingId, out var w)
            ? (w["Workflow"]!["Status"]!.GetValue<string>(), w["Note"]?["Text"]?.GetValue<string>(), w["Note"]?["UpdatedBy"]?.GetValue<string>())
            : null;

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
    }

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        if (request.Method == "PATCH" && request.Path == "/findings/batchupdate")
        {
            return BatchUpdate(request);
        }

        var answer = await _upstream.ForwardAsync(request).ConfigureAwait(false);
        if (request.Method == "POST" && request.Path == "/findings/import" && answer.Status == 200)
        {
            foreach (var finding in JsonNode.Parse(request.Body)!["Findings"]!.AsArray())
            {
                _imported[finding!["Id"]!.GetValue<string>()] = true;
            }
        }
        else if (request.Method == "POST" && request.Path == "/findings" && answer.Status == 200)
        {
            var page = JsonNode.Parse(answer.Body)!.AsObject();
            foreach (var finding in page["Findings"]!.AsArray().Select(f => f!.AsObject()))
            {
                if (_workflows.TryGetValue(finding["Id"]!.GetValue<string>(), out var held))
                {
                    finding["Workflow"] = held["Workflow"]!.DeepClone();
                    finding["Note"] = held["Note"]?.DeepClone();
                }
            }

            return Json(200, page);
        }

        return answer;
    }

    private LoopbackResponse BatchUpdate(LoopbackRequest request)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body)!.AsObject();
        }
        catch (JsonException e)
        {
            return Error("InvalidInputException", e.Message);
        }

        Updates.Enqueue(body);
        var identifiers = body["FindingIdentifiers"] as JsonArray;
        if (identifiers is null || identifiers.Count is 0 or > 100)
        {
            return Error("InvalidInputException", "FindingIdentifiers must hold 1 to 100 identifiers");
        }

        var status = body["Workflow"]?["Status"]?.GetValue<string>();
        if (status is not null && !Statuses.Contains(status))
        {
            return Error("InvalidInputException", $"Workflow.Status {status} is not one of {string.Join(", ", Statuses)}");
        }

        var note = body["Note"];
        var text = note?["Text"]?.GetValue<string>();
        var updatedBy = note?["UpdatedBy"]?.GetValue<string>();
        if (note is not null && (text is null || text.Length > 512 || updatedBy is null || updatedBy.Length > 128))
        {
            return Error("InvalidInputException", "Note needs Text (at most 512 characters) and UpdatedBy (at most 128)");
        }

        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        foreach (var identifier in identifiers.Select(i => i!.AsObject()))
        {
            var id = identifier["Id"]?.GetValue<string>();
            if (id is null || identifier["ProductArn"] is null)
            {
                return Error("InvalidInputException", "each FindingIdentifier needs Id and ProductArn");
            }

            if (!_imported.ContainsKey(id))
            {
                unprocessed.Add(new JsonObject { ["FindingIdentifier"] = identifier.DeepClone(), ["ErrorCode"] = "FindingNotFound", ["ErrorMessage"] = "Finding Not Found" });
                continue;
            }

            var held = _workflows.GetValueOrDefault(id) ?? Workflow("NEW", null, null);
            _workflows[id] = Workflow(status ?? held["Workflow"]!["Status"]!.GetValue<string>(), text ?? held["Note"]?["Text"]?.GetValue<string>(), updatedBy ?? held["Note"]?["UpdatedBy"]?.GetValue<string>());
            processed.Add(identifier.DeepClone());
        }

        return Json(200, new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed });
    }

    private static JsonObject Workflow(string status, string? note, string? updatedBy)
    {
        var workflow = new JsonObject { ["Workflow"] = new JsonObject { ["Status"] = status } };
        if (note is not null)
        {
            workflow["Note"] = new JsonObject
            {
                ["Text"] = note,
                ["UpdatedBy"] = updatedBy,
                ["UpdatedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            };
        }

        return workflow;
    }

    private static LoopbackResponse Json(int status, JsonNode body) =>
        LoopbackResponse.Text(status, "application/json", body.ToJsonString());

    private static LoopbackResponse Error(string code, string message) =>
        LoopbackResponse.Text(400, "application/json", new JsonObject { ["Code"] = code, ["Message"] = message }.ToJsonString(), new KeyValuePair<string, string>("X-Amzn-ErrorType", code));
}
