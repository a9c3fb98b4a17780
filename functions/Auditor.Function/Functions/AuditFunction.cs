using System.Diagnostics;
using System.Text.Json;
using Auditor.Aws.Auditing;
using Auditor.Aws.Resilience;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Suppressions;
using Auditor.Core.Auditing;
using Auditor.Core.Metrics;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>
/// The nightly and on-demand audit of the function's own account, bound to the EventBridge schedule.
/// Validates the event and configuration first, audits within the invocation's deadline, imports into
/// Security Hub, answers with a summary. A run that left work undone or could not import everything
/// fails with <c>DeadlineReached</c> or <c>ImportFailed</c>, the summary in the message. An organization-wide run is
/// the <see cref="DispatchFunction"/>'s.
/// </summary>
public sealed class AuditFunction : ILambdaFunction
{
    public const string Name = "audit";
    private readonly FunctionEnvironment _environment;

    public AuditFunction(FunctionEnvironment environment) => _environment = environment;

    public async Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var auditEvent = AuditEventParser.Parse(payload);
        if (auditEvent.AllAccounts)
        {
            throw new EventValidationException("accounts", $"'{AuditEventParser.AllAccounts}' audits every account of the organization: invoke the {DispatchFunction.Name} function instead (deployed with the template parameter OrganizationMode=true)");
        }

        var options = AuditorConfiguration.Load(_environment.Variables);
        var log = _environment.Log;
        var counters = new CallCounters { RetryObserver = notice => LogRetry(log, notice) };
        var clients = _environment.CreateClients(counters);
        var auditor = new AccountAuditor(clients, options, _environment.Time);
        var budget = new RunBudget(context.Deadline, options.DeadlineMargin, _environment.Time);
        log.Info(auditEvent.Scheduled ? "scheduled audit started" : "on-demand audit started", w =>
        {
            w.WriteBoolean("dryRun", auditEvent.DryRun);
            w.WriteString("deadline", Timestamp(budget.Deadline));
            w.WriteString("stopStartingWorkAt", Timestamp(budget.StopStartingWorkAt));
            w.WriteString("stopReadingAt", Timestamp(budget.StopReadingAt));
        });

        // The accepted risks are read before anything is written: a file that cannot be used stops the run here.
        var suppressions = options.ReportBucket is { } bucket
            ? await new SuppressionsReader(clients).ReadAsync(bucket, DateOnly.FromDateTime(_environment.Time.GetUtcNow().UtcDateTime), cancellationToken).ConfigureAwait(false)
            : null;
        var outcome = await auditor.RunAsync(
            new AuditRequest(auditEvent.Regions, auditEvent.Checks, auditEvent.DryRun) { Accounts = auditEvent.Accounts, Budget = budget, Suppressions = suppressions },
            cancellationToken).ConfigureAwait(false);
        var response = AuditResponse.From(outcome, counters, Stopwatch.GetElapsedTime(started));
        _environment.WriteMetrics(AuditMetrics.ForAccountRun(Name, outcome.Findings, outcome.Changes, new AuditMetrics.FindingImports(outcome.Imported, outcome.Unchanged), response.ApiCalls, response.Retries.Values.Sum(), response.DurationMs, _environment.Time.GetUtcNow()));
        var json = JsonSerializer.SerializeToUtf8Bytes(response, FunctionJsonContext.Default.AuditResponse);

        foreach (var region in response.SecurityHubNotEnabled ?? [])
        {
            log.Error("Security Hub is not enabled in this region: nothing read or written there, its stored findings are kept", w =>
            {
                w.WriteString("region", region);
                w.WriteString("detail", outcome.SecurityHubNotEnabledDetails.GetValueOrDefault(region));
            });
        }

        foreach (var scope in response.NotEvaluated)
        {
            log.Warn("scope not evaluated; its stored findings are kept", w =>
            {
                w.WriteString("region", scope.Region);
                w.WriteString("check", scope.Check);
                w.WriteString("reason", scope.Reason);
            });
        }

        LogNotDone(log, response.NotDone, outcome.NotImported);
        LogDryRunFindings(log, outcome);

        var freshness = response.Freshness;
        if (freshness.Unconfirmed > 0)
        {
            log.Warn("stale credential report: some users could not be confirmed live; their results keep the report's evidence", w =>
            {
                w.WriteNumber("unconfirmed", freshness.Unconfirmed);
                w.WriteString("reason", freshness.UnconfirmedReason);
            });
        }

        log.Info("audit finished", w =>
        {
            w.WriteString("accountId", response.AccountId);
            w.WriteBoolean("complete", response.Complete);
            w.WriteNumber("findings", response.Findings);
            w.WriteNumber("archived", response.Archived);
            w.WriteNumber("imported", response.Imported);
            w.WriteNumber("unchanged", response.Unchanged);
            w.WriteNumber("expiredRootEvents", response.ExpiredRootEvents);
            w.WriteBoolean("reportStale", freshness.Stale);
            if (freshness.ReportAgeSeconds is { } age)
            {
                w.WriteNumber("reportAgeSeconds", age);
            }

            w.WriteNumber("confirmed", freshness.Confirmed);
            w.WriteNumber("overturned", freshness.Overturned);
            w.WriteNumber("liveUsers", freshness.LiveUsers);
            w.WriteNumber("deletedUsers", freshness.DeletedUsers);
            w.WriteNumber("importFailures", outcome.ImportFailures.Count);
            w.WriteNumber("notEvaluated", response.NotEvaluated.Count);
            w.WriteNumber("apiCalls", response.ApiCalls);
            w.WriteNumber("retries", response.Retries.Values.Sum());
            WriteMap(w, "retriesByCause", response.Retries);
            WriteMap(w, "retriesByOperation", response.RetriesByOperation);
            WriteMap(w, "retriesExhausted", response.RetriesExhausted);
            w.WriteNumber("durationMs", response.DurationMs);
            w.WriteNumber("new", response.Changes.New.Count);
            w.WriteNumber("regressed", response.Changes.Regressed.Count);
            w.WriteNumber("fixed", response.Changes.Fixed.Count);
            w.WriteNumber("archivedChanges", response.Changes.Archived.Count);
            w.WriteNumber("suppressed", response.Suppressions.Suppressed);
            w.WriteNumber("unsuppressed", response.Suppressions.Unsuppressed);
            w.WriteNumber("expiredRules", response.Suppressions.ExpiredRules.Count);
        });

        LogSuppressions(log, response.Suppressions);

        foreach (var failure in outcome.ImportFailures)
        {
            log.Error("finding not imported", w =>
            {
                w.WriteString("findingId", failure.Id);
                w.WriteString("region", failure.Region);
                w.WriteString("errorCode", failure.ErrorCode);
                w.WriteString("errorMessage", failure.ErrorMessage);
            });
        }

        var summary = System.Text.Encoding.UTF8.GetString(json);
        if (response.NotDone is { } notDone)
        {
            var failures = outcome.ImportFailures.Count == 0 ? string.Empty : $" {outcome.ImportFailures.Count} finding(s) also failed to import (importFailures).";
            throw new FunctionException(
                "DeadlineReached",
                $"The run reached its deadline and left work undone: {notDone.Scopes.Count} scope(s) not evaluated ({Scopes(notDone.Scopes)}) and {outcome.NotImported.Count} finding(s) not imported. Nothing was archived for a scope it did not evaluate; the next run completes the work.{failures} Summary: {summary}");
        }

        if (outcome.ImportFailures.Count > 0)
        {
            var first = outcome.ImportFailures[0];
            throw new FunctionException(
                "ImportFailed",
                $"{outcome.ImportFailures.Count} of {response.Findings + response.Archived + response.ExpiredRootEvents} findings could not be imported into Security Hub after retries (first: {first.Id} in {first.Region}: {first.ErrorCode} {first.ErrorMessage}). Summary: {summary}");
        }

        if (response.SecurityHubNotEnabled is { Count: > 0 } hubless)
        {
            // Everything else was written; failing now makes the Errors alarm fire for the regions left out.
            throw new FunctionException(
                SecurityHubNotEnabledException.ErrorCode,
                $"{SecurityHubNotEnabledException.Describe(outcome.SecurityHubNotEnabledDetails)} Every other region was audited and written; nothing was read or written in {string.Join(", ", hubless)}, and the findings already there are kept. Summary: {summary}");
        }

        return json;
    }

    private static void LogRetry(JsonLog log, RetryNotice notice) =>
        log.Warn("AWS call retried", w =>
        {
            w.WriteString("operation", $"{notice.Service}:{notice.Operation}");
            w.WriteString("region", notice.Region);
            w.WriteString("cause", notice.Cause);
            w.WriteNumber("failedAttempt", notice.FailedAttempt);
            w.WriteNumber("delayMs", (long)notice.Delay.TotalMilliseconds);
            w.WriteString("error", notice.Error.Length <= 300 ? notice.Error : notice.Error[..300] + "…");
        });

    private static void LogSuppressions(JsonLog log, SuppressionsResponse suppressions)
    {
        foreach (var rule in suppressions.ExpiredRules)
        {
            log.Warn("suppression rule expired; the findings it covered are no longer suppressed", w =>
            {
                w.WriteNumber("line", rule.Line);
                w.WriteString("check", rule.Check);
                w.WriteString("resource", rule.Resource);
                w.WriteString("owner", rule.Owner);
                w.WriteString("expires", rule.Expires);
            });
        }

        foreach (var failure in suppressions.Failures)
        {
            log.Error("finding workflow not updated", w =>
            {
                w.WriteString("findingId", failure.Id);
                w.WriteString("region", failure.Region);
                w.WriteString("errorCode", failure.ErrorCode);
                w.WriteString("errorMessage", failure.ErrorMessage);
            });
        }
    }

    /// <summary>Every dry-run finding, one line each, since the response may list only the first of them.</summary>
    private static void LogDryRunFindings(JsonLog log, AuditOutcome outcome)
    {
        if (!outcome.DryRun)
        {
            return;
        }

        foreach (var finding in outcome.Findings)
        {
            log.Info("dry-run finding", w =>
            {
                w.WriteString("findingId", finding.Id);
                w.WriteString("check", finding.GeneratorId);
                w.WriteString("region", finding.Region);
                w.WriteString("status", finding.Compliance?.Status);
                w.WriteString("severity", finding.Severity.Label);
                w.WriteString("resource", finding.Resources.Count == 0 ? null : finding.Resources[0].Id);
                w.WriteString("title", finding.Title);
            });
        }
    }

    private static void LogNotDone(JsonLog log, NotDoneWork? notDone, IReadOnlyList<ImportFailure> notImported)
    {
        if (notDone is null)
        {
            return;
        }

        foreach (var scope in notDone.Scopes)
        {
            log.Warn("scope not done before the deadline; nothing written for it, its stored findings are kept", w =>
            {
                w.WriteString("region", scope.Region);
                w.WriteString("check", scope.Check);
                w.WriteString("reason", scope.Reason);
            });
        }

        foreach (var finding in notImported)
        {
            log.Warn("finding not imported before the deadline", w =>
            {
                w.WriteString("findingId", finding.Id);
                w.WriteString("region", finding.Region);
                w.WriteString("reason", finding.ErrorMessage);
            });
        }
    }

    private static string Scopes(IReadOnlyList<NotEvaluatedScope> scopes) =>
        scopes.Count == 0 ? "none" : string.Join(", ", scopes.Select(s => $"{s.Check} in {s.Region}"));

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, int> map)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteNumber(key, value);
        }

        writer.WriteEndObject();
    }

    private static string Timestamp(DateTimeOffset value) =>
        value == DateTimeOffset.MaxValue ? "none" : value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
