using System.Text.Json.Serialization;
using Auditor.Aws.Auditing;
using Auditor.Aws.Resilience;
using Auditor.Aws.SecurityHub;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;

namespace Auditor.Function.Functions;

/// <summary>The audit function's JSON response: a summary of what the run found and wrote.</summary>
public sealed record AuditResponse
{
    [JsonPropertyName("accountId")]
    public required string AccountId { get; init; }

    [JsonPropertyName("regions")]
    public required IReadOnlyList<string> Regions { get; init; }

    [JsonPropertyName("securityHubRegion")]
    public required string SecurityHubRegion { get; init; }

    [JsonPropertyName("checks")]
    public required IReadOnlyList<string> Checks { get; init; }

    [JsonPropertyName("dryRun")]
    public required bool DryRun { get; init; }

    /// <summary>Results by ASFF compliance status (PASSED, FAILED, WARNING, NOT_AVAILABLE).</summary>
    [JsonPropertyName("byStatus")]
    public required IReadOnlyDictionary<string, int> ByStatus { get; init; }

    /// <summary>FAILED and WARNING results by severity label.</summary>
    [JsonPropertyName("bySeverity")]
    public required IReadOnlyDictionary<string, int> BySeverity { get; init; }

    [JsonPropertyName("findings")]
    public required int Findings { get; init; }

    [JsonPropertyName("created")]
    public int Created { get; init; }

    [JsonPropertyName("updated")]
    public int Updated { get; init; }

    [JsonPropertyName("archived")]
    public int Archived { get; init; }

    /// <summary>root.event findings archived because they outlived ROOT_EVENT_RETENTION_DAYS (not counted in archived).</summary>
    [JsonPropertyName("expiredRootEvents")]
    public int ExpiredRootEvents { get; init; }

    /// <summary>Findings written to Security Hub: the new and changed ones, the archived, and the unchanged due a refresh.</summary>
    [JsonPropertyName("imported")]
    public int Imported { get; init; }

    /// <summary>Findings Security Hub already held as they are: not imported (REFRESH_UNCHANGED_DAYS).</summary>
    [JsonPropertyName("unchanged")]
    public int Unchanged { get; init; }

    /// <summary>Findings that could not be imported; capped to stay under Lambda's 6 MB (every one is logged).</summary>
    [JsonPropertyName("importFailures")]
    public IReadOnlyList<ImportFailure> ImportFailures { get; init; } = [];

    /// <summary>How many import failures were left out of <see cref="ImportFailures"/>; absent when none.</summary>
    [JsonPropertyName("importFailuresOmitted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ImportFailuresOmitted { get; init; }

    /// <summary>Scopes that could not be evaluated, with the reason; their stored findings were kept.</summary>
    [JsonPropertyName("notEvaluated")]
    public IReadOnlyList<NotEvaluatedScope> NotEvaluated { get; init; } = [];

    /// <summary>How fresh the IAM evidence was: the credential report's age and what live calls confirmed.</summary>
    [JsonPropertyName("freshness")]
    public required FreshnessResponse Freshness { get; init; }

    [JsonPropertyName("apiCalls")]
    public required int ApiCalls { get; init; }

    [JsonPropertyName("apiCallsByOperation")]
    public required IReadOnlyDictionary<string, int> ApiCallsByOperation { get; init; }

    /// <summary>Retries by cause (<c>throttling</c>, <c>http-503</c>, <c>timeout</c>, <c>connection</c>, <c>incomplete-response</c>, <c>expired-credentials</c>).</summary>
    [JsonPropertyName("retries")]
    public required IReadOnlyDictionary<string, int> Retries { get; init; }

    /// <summary>Retries by <c>service:Operation</c>.</summary>
    [JsonPropertyName("retriesByOperation")]
    public IReadOnlyDictionary<string, int> RetriesByOperation { get; init; } = new Dictionary<string, int>();

    /// <summary>Calls that still failed after their last retry, by <c>service:Operation</c>.</summary>
    [JsonPropertyName("retriesExhausted")]
    public IReadOnlyDictionary<string, int> RetriesExhausted { get; init; } = new Dictionary<string, int>();

    /// <summary>False when the run reached its deadline and left work undone (see <see cref="NotDone"/>).</summary>
    [JsonPropertyName("complete")]
    public bool Complete { get; init; } = true;

    /// <summary>What the run had no time for; absent when the run is complete.</summary>
    [JsonPropertyName("notDone")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NotDoneWork? NotDone { get; init; }

    [JsonPropertyName("durationMs")]
    public required long DurationMs { get; init; }

    /// <summary>Regions left out because Security Hub is not enabled there (nothing written, stored findings kept); absent when none.</summary>
    [JsonPropertyName("securityHubNotEnabled")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? SecurityHubNotEnabled { get; init; }

    /// <summary>What changed since the last run (new, regressed, fixed, archived); nothing for a dry run, which reads nothing stored.</summary>
    [JsonPropertyName("changes")]
    public ChangesResponse Changes { get; init; } = ChangesResponse.From(Core.Changes.FindingChanges.None);

    /// <summary>What the accepted risks (config/suppressions.yaml) did.</summary>
    [JsonPropertyName("suppressions")]
    public SuppressionsResponse Suppressions { get; init; } = SuppressionsResponse.From(Aws.Suppressions.SuppressionResult.None);

    /// <summary>The findings themselves, only for a dry run (nothing was imported); capped to stay under Lambda's 6 MB (every one is logged).</summary>
    [JsonPropertyName("dryRunFindings")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AsffFinding>? DryRunFindings { get; init; }

    /// <summary>How many dry-run findings were left out of <see cref="DryRunFindings"/>; absent when none.</summary>
    [JsonPropertyName("dryRunFindingsOmitted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int DryRunFindingsOmitted { get; init; }

    public static AuditResponse From(AuditOutcome outcome, CallCounters counters, TimeSpan duration)
    {
        var json = FunctionJsonContext.Default;
        var (failures, failuresOmitted) = ResponseListCap.Cap(outcome.ImportFailures, json.ImportFailure, ResponseListCap.FindingListBytes);
        var (notImported, notImportedOmitted) = ResponseListCap.Cap(outcome.NotImported, json.ImportFailure, ResponseListCap.FindingListBytes);
        var (dryRun, dryRunOmitted) = outcome.DryRun
            ? ResponseListCap.Cap(outcome.Findings, json.AsffFinding, ResponseListCap.DryRunFindingsBytes)
            : ((IReadOnlyList<AsffFinding>?)null, 0);
        return new()
        {
            AccountId = outcome.AccountId,
            Regions = outcome.Regions,
            SecurityHubRegion = outcome.SecurityHubRegion,
            Checks = outcome.Checks,
            DryRun = outcome.DryRun,
            ByStatus = outcome.Findings.GroupBy(f => f.Compliance?.Status ?? "NONE").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            BySeverity = outcome.Findings
            .Where(f => f.Compliance?.Status is "FAILED" or "WARNING")
            .GroupBy(f => f.Severity.Label)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count()),
            Findings = outcome.Findings.Count,
            Created = outcome.Created,
            Updated = outcome.Updated,
            Archived = outcome.Archived,
            ExpiredRootEvents = outcome.Expired,
            Imported = outcome.Imported,
            Unchanged = outcome.Unchanged,
            ImportFailures = failures,
            ImportFailuresOmitted = failuresOmitted,
            Freshness = FreshnessResponse.From(outcome.Freshness),
            NotEvaluated = outcome.UnavailableScopes.Select(s => new NotEvaluatedScope(s.Key.Region, s.Key.CheckId, s.Value)).ToList(),
            ApiCalls = counters.TotalCalls,
            ApiCallsByOperation = counters.Calls,
            Retries = counters.Retries,
            RetriesByOperation = counters.RetriesByOperation,
            RetriesExhausted = counters.RetriesExhausted,
            Complete = outcome.Complete,
            NotDone = outcome.Complete
            ? null
            : new NotDoneWork(
                "DeadlineReached",
                outcome.NotDoneScopes.Select(s => new NotEvaluatedScope(s.Key.Region, s.Key.CheckId, s.Value)).OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Check, StringComparer.Ordinal).ToList(),
                notImported)
            {
                FindingsNotImportedOmitted = notImportedOmitted,
            },
            DurationMs = (long)duration.TotalMilliseconds,
            Changes = ChangesResponse.From(outcome.Changes),
            Suppressions = SuppressionsResponse.From(outcome.Suppressions),
            DryRunFindings = dryRun,
            DryRunFindingsOmitted = dryRunOmitted,
            SecurityHubNotEnabled = outcome.SecurityHubNotEnabled.Count == 0 ? null : outcome.SecurityHubNotEnabled,
        };
    }
}

/// <summary>
/// Work a run left undone because it reached Lambda's deadline: scopes not evaluated (nothing written for them,
/// their stored findings kept as they were) and findings evaluated but not imported. The next run completes it.
/// </summary>
public sealed record NotDoneWork(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("scopes")] IReadOnlyList<NotEvaluatedScope> Scopes,
    [property: JsonPropertyName("findingsNotImported")] IReadOnlyList<ImportFailure> FindingsNotImported)
{
    /// <summary>How many findings not imported were left out of <see cref="FindingsNotImported"/> (capped to stay under Lambda's 6 MB; every one is logged); absent when none.</summary>
    [JsonPropertyName("findingsNotImportedOmitted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FindingsNotImportedOmitted { get; init; }
}

/// <summary>One (region, check) the run could not evaluate.</summary>
public sealed record NotEvaluatedScope(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// The run's IAM freshness: when the credential report was generated and how old it was, whether it was stale (older
/// than <c>REPORT_MAX_AGE_MINUTES</c>), how many of its results live calls confirmed and how many they overturned,
/// users created after the report (evaluated live), users deleted since (archived), and users whose live reads failed.
/// </summary>
public sealed record FreshnessResponse
{
    [JsonPropertyName("reportGeneratedAt")]
    public string? ReportGeneratedAt { get; init; }

    [JsonPropertyName("reportAgeSeconds")]
    public long? ReportAgeSeconds { get; init; }

    [JsonPropertyName("maxAgeSeconds")]
    public long MaxAgeSeconds { get; init; }

    [JsonPropertyName("stale")]
    public bool Stale { get; init; }

    [JsonPropertyName("confirmed")]
    public int Confirmed { get; init; }

    [JsonPropertyName("overturned")]
    public int Overturned { get; init; }

    [JsonPropertyName("liveUsers")]
    public int LiveUsers { get; init; }

    [JsonPropertyName("deletedUsers")]
    public int DeletedUsers { get; init; }

    [JsonPropertyName("unconfirmed")]
    public int Unconfirmed { get; init; }

    [JsonPropertyName("unconfirmedReason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UnconfirmedReason { get; init; }

    public static FreshnessResponse From(FreshnessSummary freshness) => new()
    {
        ReportGeneratedAt = freshness.ReportGeneratedAt is { } generated ? AsffTimestampConverter.ToAsff(generated) : null,
        ReportAgeSeconds = freshness.ReportAge is { } age ? (long)age.TotalSeconds : null,
        MaxAgeSeconds = (long)freshness.MaxAge.TotalSeconds,
        Stale = freshness.Stale,
        Confirmed = freshness.Confirmed,
        Overturned = freshness.Overturned,
        LiveUsers = freshness.LiveUsers,
        DeletedUsers = freshness.DeletedUsers,
        Unconfirmed = freshness.Unconfirmed,
        UnconfirmedReason = freshness.UnconfirmedReason,
    };
}
