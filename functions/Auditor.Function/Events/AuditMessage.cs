using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;

namespace Auditor.Function.Events;

/// <summary>
/// The body of one audit-queue message: audit <see cref="AccountId"/> for run <see cref="RunId"/>, with the regions
/// and checks of the dispatching event (null = the worker's configured defaults).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed partial record AuditMessage
{
    public const int CurrentVersion = 1;

    /// <summary>The message format; required, so that a later format is never misread as this one.</summary>
    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("runId")]
    public required string RunId { get; init; }

    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    [JsonPropertyName("regions")]
    public IReadOnlyList<string>? Regions { get; init; }

    [JsonPropertyName("checks")]
    public IReadOnlyList<string>? Checks { get; init; }

    [JsonPropertyName("dryRun")]
    public bool DryRun { get; init; }

    // The run id goes into the STS session name "auditor-<runId>" (2-64 of [\w+=,.@-]).
    [GeneratedRegex(@"^[\w+=,.@-]{1,56}$")]
    public static partial Regex RunIdPattern();

    /// <summary>A new run id: UTC time to the second and a random suffix, e.g. <c>20260301T030000Z-9f86d081</c>.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// The run id of a scheduled dispatch: <c>event-</c> and the EventBridge event's id, the same for every delivery of
    /// that event, so that a dispatch run again for it is recognised (and, on the FIFO audit queue, queues nothing twice).
    /// </summary>
    public static string RunIdOfEvent(string eventId) => $"event-{eventId}";

    public string ToJson() => JsonSerializer.Serialize(this, OrganizationJsonContext.Default.AuditMessage);

    /// <summary>Reads and checks a message body; a body that cannot be audited is an <see cref="EventValidationException"/>.</summary>
    public static AuditMessage Parse(string body)
    {
        AuditMessage? message;
        try
        {
            // Read as strictly as any event first: a key given twice is refused, not settled by the last one.
            using (EventJson.Parse(body))
            {
            }

            message = JsonSerializer.Deserialize(body, OrganizationJsonContext.Default.AuditMessage);
        }
        catch (EventValidationException e)
        {
            throw new EventValidationException(e.Field == "event" ? "body" : $"body.{e.Field}", e.Problem);
        }
        catch (JsonException e)
        {
            throw new EventValidationException("body", $"is not an audit message ({EventJson.Bounded(e.Message)})");
        }

        if (message is null)
        {
            throw new EventValidationException("body", "is null, not an audit message");
        }

        if (message.Version != CurrentVersion)
        {
            throw new EventValidationException("body.version", $"{message.Version} is not a message version this worker reads ({CurrentVersion})");
        }

        if (!AwsNames.IsAccountId(message.AccountId))
        {
            throw new EventValidationException("body.accountId", $"{EventJson.Quote(message.AccountId)} is not a 12-digit account id");
        }

        if (!RunIdPattern().IsMatch(message.RunId))
        {
            throw new EventValidationException("body.runId", $"{EventJson.Quote(message.RunId)} is not a run id (1 to 56 letters, digits and +=,.@_-)");
        }

        if (message.Regions is { } regions && (regions.Count == 0 || regions.Any(r => !AwsNames.IsRegion(r))))
        {
            throw new EventValidationException("body.regions", "must be a non-empty list of region names");
        }

        if (message.Checks is { } checks && (checks.Count == 0 || checks.Any(c => CheckCatalog.Find(c) is null)))
        {
            throw new EventValidationException("body.checks", $"must be a non-empty list of check ids (known: {string.Join(", ", CheckCatalog.Ids)})");
        }

        return message;
    }
}
