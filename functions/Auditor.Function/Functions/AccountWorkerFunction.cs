using System.Diagnostics;
using System.Text.Json;
using Auditor.Aws;
using Auditor.Aws.Auditing;
using Auditor.Aws.Http;
using Auditor.Aws.Organizations;
using Auditor.Aws.Resilience;
using Auditor.Aws.Sts;
using Auditor.Aws.Suppressions;
using Auditor.Core.Auditing;
using Auditor.Core.Metrics;
using Auditor.Core.Suppressions;
using Auditor.Function.Configuration;
using Auditor.Function.Events;
using Auditor.Function.Runtime;

namespace Auditor.Function.Functions;

/// <summary>
/// The per-account worker, bound to the audit queue. For each message it assumes the member account's audit role,
/// audits that account and imports the findings into that account's own Security Hub (Security Hub takes only
/// findings whose AwsAccountId is the caller's, under the caller's own product ARN). A message that fails is
/// returned in <c>batchItemFailures</c>, so SQS delivers it again and finally dead-letters it; the others succeed.
/// </summary>
public sealed class AccountWorkerFunction : ILambdaFunction
{
    public const string Name = "worker";

    /// <summary>
    /// Lifetime of the member-role session: STS's minimum, and longer than any one invocation (Lambda stops at 15
    /// minutes), since each message assumes the role afresh.
    /// </summary>
    public static readonly TimeSpan SessionDuration = TimeSpan.FromMinutes(15);

    /// <summary>The worker's own calls, in the account it runs in: the membership check and entering the member account.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } = [OrganizationsClient.DescribeAccount, StsClient.AssumeRole];

    private readonly FunctionEnvironment _environment;

    public AccountWorkerFunction(FunctionEnvironment environment) => _environment = environment;

    public async Task<byte[]> HandleAsync(byte[] payload, InvocationContext context, CancellationToken cancellationToken)
    {
        var batch = SqsEvent.Parse(payload);
        var options = AuditorConfiguration.Load(_environment.Variables);
        var worker = OrganizationConfiguration.LoadWorker(_environment.Variables);
        _environment.Log.Info("batch received", w => w.WriteNumber("messages", batch.Records.Count));

        // The accepted risks, once per batch with the function's own credentials, before any account is written to:
        // a file that cannot be used fails the invocation, and SQS delivers the whole batch again.
        var suppressions = options.ReportBucket is { } bucket
            ? await new SuppressionsReader(_environment.CreateClients(new CallCounters())).ReadAsync(bucket, DateOnly.FromDateTime(_environment.Time.GetUtcNow().UtcDateTime), cancellationToken).ConfigureAwait(false)
            : null;

        // The records of one batch are independent accounts: audit them side by side.
        var results = await Task.WhenAll(batch.Records.Select(r => ProcessAsync(r, options, worker, suppressions, new RunBudget(context.Deadline, options.DeadlineMargin, _environment.Time), cancellationToken))).ConfigureAwait(false);
        var response = new WorkerResponse
        {
            BatchItemFailures = results.Where(r => r.Status != AccountResult.Audited).Select(r => new BatchItemFailure(r.MessageId)).ToList(),
            Accounts = results,
        };

        _environment.WriteMetrics([AuditMetrics.ForBatch(Name, results.Count(r => r.Status == AccountResult.Audited), response.BatchItemFailures.Count, _environment.Time.GetUtcNow())]);
        _environment.Log.Info("batch finished", w =>
        {
            w.WriteNumber("messages", results.Length);
            w.WriteNumber("audited", results.Count(r => r.Status == AccountResult.Audited));
            w.WriteNumber("failed", response.BatchItemFailures.Count);
        });
        return JsonSerializer.SerializeToUtf8Bytes(response, OrganizationJsonContext.Default.WorkerResponse);
    }

    private async Task<AccountResult> ProcessAsync(SqsRecord record, AuditorOptions options, WorkerOptions worker, SuppressionFile? suppressions, RunBudget budget, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var counters = new CallCounters();
        AuditMessage message;
        try
        {
            message = AuditMessage.Parse(record.Body);
        }
        catch (EventValidationException e)
        {
            // A poison message: retrying cannot help, but dropping it would hide it. It ends in the dead-letter queue.
            return Fail(record, null, null, "InvalidMessage", e.Message, counters, started);
        }

        var own = _environment.CreateClients(counters);

        // Only what the dispatcher would queue: anyone else able to send to the queue cannot have an account audited.
        if (await RefusalAsync(message.AccountId, worker, own, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            var refused = new AccountResult
            {
                MessageId = record.MessageId,
                AccountId = message.AccountId,
                RunId = message.RunId,
                Status = AccountResult.Failed,
                ReceiveCount = record.ReceiveCount,
                ErrorType = refusal.ErrorType,
                ErrorMessage = refusal.ErrorMessage,
                ApiCalls = 0,
                DurationMs = 0,
            };
            LogFailure("account refused: the dispatcher would not have queued it; nothing was read or written there", refused, refusal.ErrorType, refusal.ErrorMessage);
            return Finish(refused, counters, started);
        }

        var roleArn = $"arn:{own.Environment.Partition}:iam::{message.AccountId}:role/{worker.RoleName}";
        var result = new AccountResult
        {
            MessageId = record.MessageId,
            AccountId = message.AccountId,
            RunId = message.RunId,
            Status = AccountResult.Failed,
            ReceiveCount = record.ReceiveCount,
            RoleArn = roleArn,
            ApiCalls = 0,
            DurationMs = 0,
        };

        AssumedRoleCredentials assumed;
        try
        {
            using var sts = own.Sts();
            assumed = await sts.AssumeRoleAsync(roleArn, $"auditor-{message.RunId}", worker.ExternalId, SessionDuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var error = FunctionHost.ToError(e, cancellationToken.IsCancellationRequested);
            _environment.Log.Error("audit role cannot be assumed; the message goes back to the queue", w =>
            {
                w.WriteString("accountId", message.AccountId);
                w.WriteString("runId", message.RunId);
                w.WriteString("roleArn", roleArn);
                w.WriteString("errorType", error.ErrorType);
                w.WriteString("errorMessage", error.ErrorMessage);
                w.WriteString("messageId", record.MessageId);
                if (record.ReceiveCount is { } count)
                {
                    w.WriteNumber("receiveCount", count);
                }
            });
            return Finish(result with { ErrorType = error.ErrorType, ErrorMessage = error.ErrorMessage }, counters, started);
        }

        // One client factory per account's credentials, over the process's one connection pool.
        var clients = new AwsClientFactory(own.Environment, assumed.Credentials, own.Resilience, _environment.HttpHandler);
        var auditor = new AccountAuditor(clients, options, _environment.Time);
        AuditOutcome outcome;
        try
        {
            outcome = await auditor.RunAsync(
                new AuditRequest(message.Regions, message.Checks, message.DryRun) { Accounts = [message.AccountId], Budget = budget, Suppressions = suppressions },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var error = FunctionHost.ToError(e, cancellationToken.IsCancellationRequested);
            LogFailure("account audit failed; the message goes back to the queue", result, error.ErrorType, error.ErrorMessage);
            return Finish(result with { ErrorType = error.ErrorType, ErrorMessage = error.ErrorMessage }, counters, started);
        }

        result = result with
        {
            SecurityHubRegion = outcome.SecurityHubRegion,
            DryRun = outcome.DryRun,
            Findings = outcome.Findings.Count,
            ByStatus = outcome.Findings.GroupBy(f => f.Compliance?.Status ?? "NONE").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Created = outcome.Created,
            Updated = outcome.Updated,
            Archived = outcome.Archived,
            Imported = outcome.Imported,
            Unchanged = outcome.Unchanged,
            ImportFailures = outcome.ImportFailures.Count,
            NotEvaluated = outcome.UnavailableScopes.Count,
            Changes = ChangesResponse.From(outcome.Changes),
            Suppressions = SuppressionsResponse.From(outcome.Suppressions),
        };
        if (!outcome.Complete)
        {
            // Stopped before the deadline: what was done stands, nothing unevaluated was archived; SQS retries the rest.
            var text = $"the audit stopped before Lambda's deadline: {outcome.NotDoneScopes.Count} scopes not evaluated, {outcome.NotImported.Count} findings not imported";
            LogFailure("account audit incomplete; the message goes back to the queue", result, "DeadlineReached", text);
            return Finish(result with { ErrorType = "DeadlineReached", ErrorMessage = text }, counters, started);
        }

        if (outcome.ImportFailures.Count > 0)
        {
            var first = outcome.ImportFailures[0];
            var text = $"{outcome.ImportFailures.Count} findings could not be imported after retries (first: {first.Id} in {first.Region}: {first.ErrorCode} {first.ErrorMessage})";
            LogFailure("findings not imported; the message goes back to the queue", result, "ImportFailed", text);
            return Finish(result with { ErrorType = "ImportFailed", ErrorMessage = text }, counters, started);
        }

        if (outcome.SecurityHubNotEnabled.Count > 0)
        {
            var text = $"{SecurityHubNotEnabledException.Describe(outcome.SecurityHubNotEnabledDetails)} Every other region was audited and written; the findings already in {string.Join(", ", outcome.SecurityHubNotEnabled)} are kept";
            LogFailure("Security Hub not enabled in some regions of the account; the others are written, the message goes back to the queue", result, SecurityHubNotEnabledException.ErrorCode, text);
            return Finish(result with { ErrorType = SecurityHubNotEnabledException.ErrorCode, ErrorMessage = text }, counters, started);
        }

        result = Finish(result with { Status = AccountResult.Audited }, counters, started);
        _environment.WriteMetrics(AuditMetrics.ForAccountRun(Name, outcome.Findings, outcome.Changes, new AuditMetrics.FindingImports(outcome.Imported, outcome.Unchanged), result.ApiCalls, counters.Retries.Values.Sum(), result.DurationMs, _environment.Time.GetUtcNow()));
        _environment.Log.Info("account audited", w =>
        {
            w.WriteString("accountId", message.AccountId);
            w.WriteString("runId", message.RunId);
            w.WriteNumber("findings", result.Findings ?? 0);
            w.WriteNumber("imported", result.Imported ?? 0);
            w.WriteNumber("unchanged", result.Unchanged ?? 0);
            w.WriteNumber("archived", result.Archived ?? 0);
            w.WriteNumber("notEvaluated", result.NotEvaluated ?? 0);
            w.WriteNumber("new", outcome.Changes.New.Count);
            w.WriteNumber("regressed", outcome.Changes.Regressed.Count);
            w.WriteNumber("fixed", outcome.Changes.Fixed.Count);
            w.WriteNumber("archivedChanges", outcome.Changes.Archived.Count);
            w.WriteNumber("apiCalls", result.ApiCalls);
            w.WriteNumber("durationMs", result.DurationMs);
        });
        return result;
    }

    /// <summary>
    /// Why the account must not be audited, or null: excluded by <c>AUDIT_EXCLUDE_ACCOUNTS</c>, not an account of the
    /// worker's organization, or not ACTIVE (asked of Organizations from the worker's own account).
    /// </summary>
    private static async Task<FunctionError?> RefusalAsync(string accountId, WorkerOptions worker, AwsClientFactory own, CancellationToken cancellationToken)
    {
        if (worker.ExcludedAccounts.Contains(accountId))
        {
            return new FunctionError($"{accountId} is excluded by {OrganizationConfiguration.ExcludeAccounts}; the worker audits only accounts the dispatcher would queue", "AccountExcluded", []);
        }

        var organizations = new OrganizationsClient(own.Sender(AwsService.Organizations, own.Environment.Region));
        try
        {
            var account = await organizations.DescribeAccountAsync(accountId, cancellationToken).ConfigureAwait(false);
            return account.IsActive
                ? null
                : new FunctionError($"{accountId} is {account.EffectiveState ?? "of unknown state"}, not ACTIVE; the worker audits only ACTIVE accounts of its organization", "AccountNotActive", []);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AccountNotFoundException")
        {
            return new FunctionError($"{accountId} is not an account of the worker's organization (organizations:DescribeAccount: {e.ErrorCode}); the worker audits only ACTIVE accounts of its organization", "AccountNotInOrganization", []);
        }
        catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
        {
            var error = FunctionHost.ToError(e, cancellationToken.IsCancellationRequested);
            return error with { ErrorMessage = $"the account's membership of the organization could not be checked, so it was not audited: {error.ErrorMessage}", StackTrace = [] };
        }
    }

    private void LogFailure(string text, AccountResult result, string errorType, string errorMessage) =>
        _environment.Log.Error(text, w =>
        {
            w.WriteString("accountId", result.AccountId);
            w.WriteString("runId", result.RunId);
            w.WriteString("errorType", errorType);
            w.WriteString("errorMessage", errorMessage);
            w.WriteString("messageId", result.MessageId);
            if (result.ReceiveCount is { } count)
            {
                w.WriteNumber("receiveCount", count);
            }
        });

    private AccountResult Fail(SqsRecord record, string? accountId, string? runId, string errorType, string errorMessage, CallCounters counters, long started)
    {
        var result = Finish(
            new AccountResult
            {
                MessageId = record.MessageId,
                AccountId = accountId,
                RunId = runId,
                Status = AccountResult.Failed,
                ReceiveCount = record.ReceiveCount,
                ErrorType = errorType,
                ErrorMessage = errorMessage,
                ApiCalls = 0,
                DurationMs = 0,
            },
            counters,
            started);
        LogFailure("message is not an audit message; it goes back to the queue and ends in the dead-letter queue", result, errorType, errorMessage);
        return result;
    }

    private static AccountResult Finish(AccountResult result, CallCounters counters, long started) =>
        result with { ApiCalls = counters.TotalCalls, DurationMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds };
}
