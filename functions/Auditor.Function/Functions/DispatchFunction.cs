using System.Diagnostics;
using System.Text.Json;
using Auditor.Aws;
using Auditor.Aws.Http;
using Auditor.Aws.Organizations;
using Auditor.Aws.Resilience;
using Auditor.Aws.Sqs;
using Auditor.Core.Auditing;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>
/// The organization dispatcher, bound to the nightly schedule in organization mode (and invoked on demand). Lists the
/// organization's accounts, keeps the ACTIVE ones that are not excluded (or checks an explicit list against them),
/// and queues one message per account for the worker. Nothing is queued when the request cannot be honoured as a whole.
/// </summary>
public sealed class DispatchFunction : ILambdaFunction
{
    public const string Name = "dispatch";

    private readonly FunctionEnvironment _environment;

    public DispatchFunction(FunctionEnvironment environment) => _environment = environment;

    /// <summary>Every operation the dispatcher calls: the permissions of its role.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } = [OrganizationsClient.ListAccounts, SqsClient.SendMessageBatch];

    /// <summary>SendMessageBatch calls in flight at once.</summary>
    public int SendParallelism { get; init; } = QueueSender.DefaultParallelism;

    public async Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var auditEvent = AuditEventParser.Parse(payload);
        var options = OrganizationConfiguration.LoadDispatcher(_environment.Variables);
        var log = _environment.Log;
        var counters = new CallCounters();
        var clients = _environment.CreateClients(counters);
        var queueUrl = options.QueueUrl;
        var runId = auditEvent.EventId is { } eventId ? AuditMessage.RunIdOfEvent(eventId) : AuditMessage.NewRunId(_environment.Time.GetUtcNow());
        var fifo = queueUrl.EndsWith(".fifo", StringComparison.Ordinal);

        var listed = await ListAccountsAsync(clients, cancellationToken).ConfigureAwait(false);
        var selection = Select(listed, auditEvent, options.ExcludedAccounts);
        log.Info("organization listed", w =>
        {
            w.WriteString("runId", runId);
            w.WriteNumber("accountsListed", listed.Count);
            w.WriteNumber("toQueue", selection.Queue.Count);
            w.WriteNumber("notActive", selection.NotActive.Count);
            w.WriteNumber("excluded", selection.Excluded.Count);
        });

        var messages = selection.Queue
            .Select(account => new QueueMessage(account, new AuditMessage
            {
                Version = AuditMessage.CurrentVersion,
                RunId = runId,
                AccountId = account,
                Regions = auditEvent.Regions,
                Checks = auditEvent.Checks,
                DryRun = auditEvent.DryRun,
            }.ToJson())
            {
                // On the FIFO audit queue: one account's audits never overlap, and a run queues each account once.
                GroupId = fifo ? account : null,
                DeduplicationId = fifo ? $"{runId}/{account}" : null,
            })
            .ToList();
        SendBatchResult sent = new([], []);
        if (messages.Count > 0)
        {
            using var sqs = new SqsClient(clients.Environment, clients.Credentials, clients.Resilience);
            sent = await new QueueSender(sqs, clients.Resilience.Options, SendParallelism).SendAsync(queueUrl, messages, cancellationToken).ConfigureAwait(false);
        }

        var response = new DispatchResponse
        {
            RunId = runId,
            QueueUrl = queueUrl,
            Queued = sent.Sent.Count,
            AccountsListed = listed.Count,
            QueuedAccounts = sent.Sent,
            NotActive = selection.NotActive,
            Excluded = selection.Excluded,
            Failed = sent.Failed.Select(f => new DispatchFailure(f.Id, f.Code, f.Message)).ToList(),
            Regions = auditEvent.Regions,
            Checks = auditEvent.Checks,
            DryRun = auditEvent.DryRun,
            ApiCalls = counters.TotalCalls,
            ApiCallsByOperation = counters.Calls,
            Retries = counters.Retries,
            DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(response, OrganizationJsonContext.Default.DispatchResponse);

        log.Info("accounts queued", w =>
        {
            w.WriteString("runId", runId);
            w.WriteNumber("queued", response.Queued);
            w.WriteNumber("failed", response.Failed.Count);
            w.WriteNumber("apiCalls", response.ApiCalls);
            w.WriteNumber("durationMs", response.DurationMs);
        });

        if (response.Failed.Count > 0)
        {
            foreach (var failure in response.Failed)
            {
                log.Error("account not queued", w =>
                {
                    w.WriteString("runId", runId);
                    w.WriteString("accountId", failure.AccountId);
                    w.WriteString("errorCode", failure.ErrorCode);
                    w.WriteString("errorMessage", failure.ErrorMessage);
                });
            }

            var first = response.Failed[0];
            throw new FunctionException(
                "DispatchIncomplete",
                $"{response.Failed.Count} of {messages.Count} accounts could not be queued after retries (first: {first.AccountId}: {first.ErrorCode} {first.ErrorMessage}); the others are queued, and queuing them again is harmless. Summary: {System.Text.Encoding.UTF8.GetString(json)}");
        }

        return json;
    }

    private static async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(AwsClientFactory clients, CancellationToken cancellationToken)
    {
        var organizations = new OrganizationsClient(clients.Sender(AwsService.Organizations, clients.Environment.Region));
        try
        {
            return await organizations.ListAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode is "AccessDeniedException" or "AWSOrganizationsNotInUseException")
        {
            throw new FunctionException(
                $"Aws.{e.ErrorCode}",
                $"{e.Message}. The dispatch function lists the organization's accounts, which only the management account or a delegated administrator account may do (docs/organization.md: Set-up, step by step).");
        }
    }

    /// <summary>
    /// Which accounts to queue. All (the scheduled event, an on-demand event without accounts or with "all"): every
    /// ACTIVE account that is not excluded. An explicit list: exactly those, each of which must be an ACTIVE,
    /// non-excluded account of the organization, or nothing is queued.
    /// </summary>
    internal static Selection Select(IReadOnlyList<OrganizationAccount> listed, AuditEvent auditEvent, IReadOnlySet<string> excluded)
    {
        var byId = new Dictionary<string, OrganizationAccount>(StringComparer.Ordinal);
        foreach (var account in listed)
        {
            byId.TryAdd(account.Id, account);
        }

        if (auditEvent.Accounts is { } requested && !auditEvent.AllAccounts)
        {
            var problems = new List<string>();
            foreach (var id in requested)
            {
                if (!byId.TryGetValue(id, out var account))
                {
                    problems.Add($"{id} is not an account of the organization");
                }
                else if (!account.IsActive)
                {
                    problems.Add($"{id} is {account.EffectiveState ?? "of unknown state"}, not ACTIVE");
                }
                else if (excluded.Contains(id))
                {
                    problems.Add($"{id} is excluded by {OrganizationConfiguration.ExcludeAccounts}");
                }
            }

            return problems.Count > 0
                ? throw new AuditRequestException("accounts", string.Join("; ", problems) + "; nothing was queued")
                : new Selection(requested, [], []);
        }

        var queue = new List<string>();
        var notActive = new List<SkippedAccount>();
        var left = new List<string>();
        foreach (var account in byId.Values)
        {
            if (!account.IsActive)
            {
                notActive.Add(new SkippedAccount(account.Id, account.EffectiveState ?? "UNKNOWN"));
            }
            else if (excluded.Contains(account.Id))
            {
                left.Add(account.Id);
            }
            else
            {
                queue.Add(account.Id);
            }
        }

        return new Selection(queue, notActive, left);
    }

    internal sealed record Selection(IReadOnlyList<string> Queue, IReadOnlyList<SkippedAccount> NotActive, IReadOnlyList<string> Excluded);
}
