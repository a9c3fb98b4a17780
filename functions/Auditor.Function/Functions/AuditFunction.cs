using System.Diagnostics;
using System.Text.Json;
using Auditor.Aws.Auditing;
using Auditor.Aws.Resilience;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>
/// The nightly and on-demand audit of the function's own account, bound to the EventBridge schedule.
/// Validates the event and configuration first, audits, imports into Security Hub, answers with a summary.
/// In organization mode (<c>ORGANIZATION_MODE=true</c>) it is the organization dispatcher instead
/// (<see cref="OrganizationDispatcher"/>): it queues one message per account for the worker.
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
        var organization = OrganizationConfiguration.LoadDispatcher(_environment.Variables);
        if (organization.Enabled)
        {
            // Organization mode: this function is the dispatcher; the worker audits each account.
            return await new OrganizationDispatcher(_environment, organization).HandleAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }

        if (auditEvent.AllAccounts)
        {
            throw new EventValidationException("accounts", $"'{AuditEventParser.AllAccounts}' audits every account of the organization and needs organization mode ({OrganizationConfiguration.OrganizationMode}=true, template parameter OrganizationMode)");
        }

        var options = AuditorConfiguration.Load(_environment.Variables);
        var counters = new CallCounters();
        var auditor = new AccountAuditor(_environment.CreateClients(counters), options, _environment.Time);
        var log = _environment.Log;
        log.Info(auditEvent.Scheduled ? "scheduled audit started" : "on-demand audit started", w => w.WriteBoolean("dryRun", auditEvent.DryRun));

        var outcome = await auditor.RunAsync(
            new AuditRequest(auditEvent.Regions, auditEvent.Checks, auditEvent.DryRun) { Accounts = auditEvent.Accounts },
            cancellationToken).ConfigureAwait(false);
        var response = AuditResponse.From(outcome, counters, Stopwatch.GetElapsedTime(started));
        var json = JsonSerializer.SerializeToUtf8Bytes(response, FunctionJsonContext.Default.AuditResponse);

        foreach (var scope in response.NotEvaluated)
        {
            log.Warn("scope not evaluated; its stored findings are kept", w =>
            {
                w.WriteString("region", scope.Region);
                w.WriteString("check", scope.Check);
                w.WriteString("reason", scope.Reason);
            });
        }

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
            w.WriteNumber("findings", response.Findings);
            w.WriteNumber("archived", response.Archived);
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
            w.WriteNumber("importFailures", response.ImportFailures.Count);
            w.WriteNumber("apiCalls", response.ApiCalls);
            w.WriteNumber("retries", response.Retries.Values.Sum());
            w.WriteNumber("durationMs", response.DurationMs);
        });

        if (response.ImportFailures.Count > 0)
        {
            foreach (var failure in response.ImportFailures)
            {
                log.Error("finding not imported", w =>
                {
                    w.WriteString("findingId", failure.Id);
                    w.WriteString("region", failure.Region);
                    w.WriteString("errorCode", failure.ErrorCode);
                    w.WriteString("errorMessage", failure.ErrorMessage);
                });
            }

            var first = response.ImportFailures[0];
            throw new FunctionException(
                "ImportFailed",
                $"{response.ImportFailures.Count} of {response.Findings + response.Archived + response.ExpiredRootEvents} findings could not be imported into Security Hub after retries (first: {first.Id} in {first.Region}: {first.ErrorCode} {first.ErrorMessage}). Summary: {System.Text.Encoding.UTF8.GetString(json)}");
        }

        return json;
    }
}
