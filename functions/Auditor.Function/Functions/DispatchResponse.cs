using System.Text.Json.Serialization;

namespace Auditor.Function.Functions;

/// <summary>The audit function's response in organization mode: which accounts were queued for the workers.</summary>
public sealed record DispatchResponse
{
    [JsonPropertyName("mode")]
    public string Mode { get; init; } = "organization";

    /// <summary>Names this run in every message, the workers' logs and the STS session names (<c>auditor-&lt;runId&gt;</c>).</summary>
    [JsonPropertyName("runId")]
    public required string RunId { get; init; }

    [JsonPropertyName("queueUrl")]
    public required string QueueUrl { get; init; }

    /// <summary>How many accounts are queued: one message each.</summary>
    [JsonPropertyName("queued")]
    public required int Queued { get; init; }

    /// <summary>Accounts the organization listed (every state).</summary>
    [JsonPropertyName("accountsListed")]
    public required int AccountsListed { get; init; }

    [JsonPropertyName("queuedAccounts")]
    public required IReadOnlyList<string> QueuedAccounts { get; init; }

    /// <summary>Accounts left out because they are not ACTIVE (suspended, closing, closed).</summary>
    [JsonPropertyName("notActive")]
    public required IReadOnlyList<SkippedAccount> NotActive { get; init; }

    /// <summary>Accounts left out because AUDIT_EXCLUDE_ACCOUNTS names them.</summary>
    [JsonPropertyName("excluded")]
    public required IReadOnlyList<string> Excluded { get; init; }

    /// <summary>Accounts whose message could not be queued after retries (the invocation then fails).</summary>
    [JsonPropertyName("failed")]
    public required IReadOnlyList<DispatchFailure> Failed { get; init; }

    [JsonPropertyName("regions")]
    public IReadOnlyList<string>? Regions { get; init; }

    [JsonPropertyName("checks")]
    public IReadOnlyList<string>? Checks { get; init; }

    [JsonPropertyName("dryRun")]
    public required bool DryRun { get; init; }

    [JsonPropertyName("apiCalls")]
    public required int ApiCalls { get; init; }

    [JsonPropertyName("apiCallsByOperation")]
    public required IReadOnlyDictionary<string, int> ApiCallsByOperation { get; init; }

    [JsonPropertyName("retries")]
    public required IReadOnlyDictionary<string, int> Retries { get; init; }

    [JsonPropertyName("durationMs")]
    public required long DurationMs { get; init; }
}

/// <summary>An account the organization listed but this run does not audit, and its state.</summary>
public sealed record SkippedAccount(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("state")] string State);

/// <summary>An account whose message SQS did not take.</summary>
public sealed record DispatchFailure(
    [property: JsonPropertyName("accountId")] string AccountId,
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage);
