using System.Diagnostics;
using System.Text.Json;
using Auditor.Aws.Resilience;
using Auditor.Aws.RootAlerts;
using Auditor.Core.CloudTrail;
using Auditor.Core.Model;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>
/// The near-real-time root alert, bound to an EventBridge rule on root-user CloudTrail events (console sign-ins and
/// API calls): one <c>root.event</c> finding per event, within seconds, rated by what happened, imported once per
/// CloudTrail event id into SECURITY_HUB_REGION or the event's region.
/// </summary>
public sealed class RootActivityAlertFunction : ILambdaFunction
{
    public const string Name = "root-alert";
    private readonly FunctionEnvironment _environment;

    public RootActivityAlertFunction(FunctionEnvironment environment) => _environment = environment;

    public async Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var rootEvent = RootActivityEventParser.Parse(payload);
        var hubRegion = RootAlertConfiguration.SecurityHubRegion(_environment.Variables) ?? rootEvent.Region;
        var record = rootEvent.Record;
        var log = _environment.Log;
        log.Info("root event received", w =>
        {
            w.WriteString("eventId", record.EventId);
            w.WriteString("eventName", record.EventName);
            w.WriteString("awsRegion", record.AwsRegion);
            w.WriteString("severity", RootEventSeverity.Of(record).ToAsff());
        });

        var counters = new CallCounters();
        var importer = new RootEventImporter(_environment.CreateClients(counters), _environment.Time);
        var import = await importer.ImportAsync(record, rootEvent.Account, hubRegion, cancellationToken).ConfigureAwait(false);
        var response = RootAlertResponse.From(record, import, counters, Stopwatch.GetElapsedTime(started));
        foreach (var failure in import.Failures)
        {
            log.Error("finding not imported", w =>
            {
                w.WriteString("findingId", failure.Id);
                w.WriteString("region", failure.Region);
                w.WriteString("errorCode", failure.ErrorCode);
                w.WriteString("errorMessage", failure.ErrorMessage);
            });
        }

        if (import.Failures.Count > 0)
        {
            var first = import.Failures[0];
            throw new FunctionException("ImportFailed", $"the root.event finding {first.Id} could not be imported into Security Hub in {first.Region} after retries: {first.ErrorCode} {first.ErrorMessage}");
        }

        log.Info(import.Duplicate ? "root event already imported; nothing written" : "root event imported", w =>
        {
            w.WriteString("findingId", response.FindingId);
            w.WriteString("severity", response.Severity);
            w.WriteBoolean("duplicate", response.Duplicate);
            w.WriteNumber("durationMs", response.DurationMs);
        });
        return JsonSerializer.SerializeToUtf8Bytes(response, FunctionJsonContext.Default.RootAlertResponse);
    }
}
