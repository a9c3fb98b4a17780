using System.Text.Json.Serialization;

namespace Auditor.Function.Functions;

/// <summary>
/// The worker's response: Lambda's partial batch response (<c>batchItemFailures</c>, the messages SQS must deliver
/// again; every other message of the batch is deleted), plus what happened to each account, for people and logs.
/// Lambda reads only <c>batchItemFailures</c>.
/// </summary>
public sealed record WorkerResponse
{
    [JsonPropertyName("batchItemFailures")]
    public required IReadOnlyList<BatchItemFailure> BatchItemFailures { get; init; }

    [JsonPropertyName("accounts")]
    public required IReadOnlyList<AccountResult> Accounts { get; init; }
}

/// <summary>One message to be delivered again, named by its SQS message id.</summary>
public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

/// <summary>The audit of one account (one message).</summary>
public sealed record AccountResult
{
    public const string Audited = "AUDITED";
    public const string Failed = "FAILED";

    [JsonPropertyName("messageId")]
    public required string MessageId { get; init; }

    [JsonPropertyName("accountId")]
    public string? AccountId { get; init; }

    [JsonPropertyName("runId")]
    public string? RunId { get; init; }

    /// <summary>AUDITED, or FAILED (the message goes back to the queue, and to the dead-letter queue in the end).</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("receiveCount")]
    public int? ReceiveCount { get; init; }

    [JsonPropertyName("roleArn")]
    public string? RoleArn { get; init; }

    [JsonPropertyName("errorType")]
    public string? ErrorType { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }

    [JsonPropertyName("securityHubRegion")]
    public string? SecurityHubRegion { get; init; }

    [JsonPropertyName("dryRun")]
    public bool? DryRun { get; init; }

    [JsonPropertyName("findings")]
    public int? Findings { get; init; }

    [JsonPropertyName("byStatus")]
    public IReadOnlyDictionary<string, int>? ByStatus { get; init; }

    [JsonPropertyName("created")]
    public int? Created { get; init; }

    [JsonPropertyName("updated")]
    public int? Updated { get; init; }

    [JsonPropertyName("archived")]
    public int? Archived { get; init; }

    [JsonPropertyName("imported")]
    public int? Imported { get; init; }

    [JsonPropertyName("unchanged")]
    public int? Unchanged { get; init; }

    [JsonPropertyName("importFailures")]
    public int? ImportFailures { get; init; }

    [JsonPropertyName("notEvaluated")]
    public int? NotEvaluated { get; init; }

    /// <summary>What changed since the last run in this account; absent when the account was not audited.</summary>
    [JsonPropertyName("changes")]
    public ChangesResponse? Changes { get; init; }

    /// <summary>What the accepted risks did in this account; absent when the account was not audited.</summary>
    [JsonPropertyName("suppressions")]
    public SuppressionsResponse? Suppressions { get; init; }

    [JsonPropertyName("apiCalls")]
    public required int ApiCalls { get; init; }

    [JsonPropertyName("durationMs")]
    public required long DurationMs { get; init; }
}
