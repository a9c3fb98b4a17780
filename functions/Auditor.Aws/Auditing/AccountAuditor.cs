using Auditor.Aws.Evidence;
using Auditor.Aws.Freshness;
using Auditor.Aws.Http;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Suppressions;
using Auditor.Core.Auditing;
using Auditor.Core.Changes;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Suppressions;

namespace Auditor.Aws.Auditing;

/// <summary>
/// Audits one account: one pipeline, data flowing one way, each stage a type with one job. Resolve the scope; collect
/// the evidence its checks read and, side by side, what Security Hub already holds; confirm stale evidence; evaluate
/// once; plan the lifecycle; import. Everything that could make the request invalid is checked before anything is
/// written.
/// </summary>
public sealed class AccountAuditor
{
    private readonly AwsClientFactory _clients;
    private readonly AuditorOptions _options;
    private readonly TimeProvider _time;

    public AccountAuditor(AwsClientFactory clients, AuditorOptions options, TimeProvider time)
    {
        _clients = clients;
        _options = options;
        _time = time;
    }

    /// <summary>Every operation an audit may call: the permissions of a role that audits an account.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
    [
        .. AuditScopeResolver.Operations,
        .. EvidenceReaders.All.SelectMany(r => r.Operations),
        .. StoredFindingsReader.Operations,
        .. StaleReportConfirmer.Operations,
        .. FindingImporter.Operations,
        .. SuppressionApplier.Operations,
    ];

    public async Task<AuditOutcome> RunAsync(AuditRequest request, CancellationToken cancellationToken)
    {
        var budget = request.Budget ?? RunBudget.Unlimited;
        var scope = await new AuditScopeResolver(_clients, _options).ResolveAsync(request, cancellationToken).ConfigureAwait(false);

        var collected = new EvidenceCollector(_clients, _options.Settings, _time).CollectAsync(scope, budget, cancellationToken);
        var storedRead = new StoredFindingsReader(_clients).ReadAsync(scope, budget, cancellationToken);
        await Task.WhenAll(collected, storedRead).ConfigureAwait(false);
        var stored = await storedRead.ConfigureAwait(false);
        var storedGlobal = stored.Single(s => s.Region == scope.SecurityHubRegion).Findings ?? [];

        var evaluatedAt = _time.GetUtcNow();
        var confirmed = await new StaleReportConfirmer(_clients.Iam(), _time, _options.LiveReadConcurrency)
            .ConfirmAsync(await collected.ConfigureAwait(false), scope.Checks, _options.Settings, _options.ReportMaxAge, storedGlobal, evaluatedAt, budget, cancellationToken).ConfigureAwait(false);

        var (evaluation, freshness) = AuditEvaluator.Evaluate(confirmed, scope.Checks, _options.Settings, storedGlobal, evaluatedAt);

        var plan = ImportPlan.Create(scope, evaluation, stored, TimeSpan.FromDays(_options.RootEventRetentionDays), _options.Refresh, _time.GetUtcNow());

        var imported = scope.DryRun ? [] : await new FindingImporter(_clients).ImportAsync(plan, budget, cancellationToken).ConfigureAwait(false);
        var outcome = AuditOutcome.From(scope, plan, freshness, imported) with { Changes = FindingChanges.Classify(plan, stored) };

        // Accepted risks last: the workflow of findings that exist now, never of ones whose import failed.
        if (scope.DryRun || request.Suppressions is not { } suppressions)
        {
            return outcome;
        }

        var suppressionPlan = SuppressionPlan.Create(suppressions, plan, stored, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var notImported = outcome.ImportFailures.Concat(outcome.NotImported).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var applied = await new SuppressionApplier(_clients).ApplyAsync(suppressionPlan, notImported, cancellationToken).ConfigureAwait(false);
        return outcome with { Suppressions = applied };
    }
}
