using System.Collections.Concurrent;
using Auditor.Aws.Evidence;
using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;

namespace Auditor.Aws.Freshness;

/// <summary>
/// The confirm stage: makes what a stale credential report says as fresh as the account, and returns the confirmed
/// evidence (it evaluates nothing). A fresh report is trusted as it is (no extra call). From a stale one, every user
/// that the report makes fail a selected check, or whose result differs from the finding already in Security Hub, is
/// read with live IAM calls (<see cref="ConfirmationPlanner"/> picks them), users created since the report are read
/// live, users deleted since are dropped (their findings are archived), and the root user's state comes from the
/// account summary; the live answer wins. Live reads are O(failing or changed users), never O(all users), and run
/// with bounded concurrency through the same resilience pipeline as every other call, and within the run's budget:
/// no live read starts after <see cref="RunBudget.StopReadingAt"/> and those still running then are abandoned; a user
/// not confirmed in time keeps the report's evidence and is counted unconfirmed, like a user whose read failed.
/// </summary>
public sealed class StaleReportConfirmer
{
    private const string NoSuchEntity = "NoSuchEntity";

    private readonly IamClient _iam;
    private readonly TimeProvider _time;
    private readonly int _maxConcurrency;

    public StaleReportConfirmer(IamClient iam, TimeProvider time, int maxConcurrency = Core.Auditing.AuditorOptions.DefaultLiveReadConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        _iam = iam;
        _time = time;
        _maxConcurrency = maxConcurrency;
    }

    /// <summary>The operations a confirmation may call: who the users are now, and each confirmed user's credentials.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
        [IamClient.ListUsers, IamClient.ListAccessKeys, IamClient.ListMFADevices, IamClient.GetLoginProfile, IamClient.GetAccessKeyLastUsed];

    /// <param name="stored">The findings Security Hub already holds for the account-global checks (empty for a dry run).</param>
    /// <param name="now">The time the run evaluates at: the report's age, and what the report's results were, are taken at it.</param>
    /// <param name="budget">The run's time: live reads stop with every other read (<see cref="RunBudget.StopReadingAt"/>).</param>
    public async Task<ConfirmedEvidence> ConfirmAsync(
        AccountSnapshot snapshot,
        IReadOnlyList<ICheck> checks,
        AuditSettings settings,
        TimeSpan maxAge,
        IReadOnlyList<AsffFinding> stored,
        DateTimeOffset now,
        RunBudget budget,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(checks);
        if ((snapshot.Get(EvidenceKinds.IamUsers).Value ?? snapshot.Get(EvidenceKinds.CredentialReport).Value) is not { } report)
        {
            return ConfirmedEvidence.AsCollected(snapshot, FreshnessSummary.WithoutReport(maxAge));
        }

        var freshness = FreshnessSummary.Fresh(report, now, maxAge);
        if (!freshness.Stale)
        {
            return ConfirmedEvidence.AsCollected(snapshot, freshness);
        }

        var preview = ConfirmationPlanner.Preview(snapshot, checks, settings, now);
        if (!checks.Any(c => c.Metadata.Reads.Contains(EvidenceKinds.IamUsers)))
        {
            // Only the root checks read the report: the account summary, read live on every run, answers for them.
            return new ConfirmedEvidence(snapshot with { CredentialReportStale = true }, freshness) { ReportPreview = preview };
        }

        using var window = budget.OpenReadWindow(cancellationToken);
        IReadOnlyList<ListedUser>? listed = null;
        string? listFailure = null;
        if (!budget.MayRead || window.TimedOut)
        {
            listFailure = budget.Describe("not listed");
        }
        else
        {
            try
            {
                listed = await _iam.ListUsersAsync(window.Token).ConfigureAwait(false);
            }
            catch (Exception) when (window.TimedOut)
            {
                listFailure = budget.Describe("not listed in time");
            }
            catch (Exception e) when (ReadFailures.TryDescribe(e, out _, out var reason))
            {
                listFailure = reason;
            }
        }

        var plan = ConfirmationPlanner.Plan(snapshot, preview, stored, listed);
        var reads = new ConcurrentDictionary<string, LiveRead>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            plan.Users,
            new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken },
            async (user, _) => reads[user.UserName] = await ReadWithinBudgetAsync(user, budget, window).ConfigureAwait(false)).ConfigureAwait(false);

        var liveRows = reads.Where(r => r.Value.Row is not null).ToDictionary(r => r.Key, r => r.Value.Row!, StringComparer.Ordinal);
        var deleted = new HashSet<string>(plan.Gone.Select(g => g.User), StringComparer.Ordinal);
        deleted.UnionWith(reads.Where(r => r.Value.Deleted).Select(r => r.Key));
        var failed = plan.Users.Where(u => reads[u.UserName].Failure is not null).ToList();
        var confirmed = snapshot.With(EvidenceKinds.IamUsers, Gathered<CredentialReport>.Ok(ConfirmedReport.Apply(report, liveRows, deleted))) with
        {
            CredentialReportStale = true,
        };

        // Without the user list, or without a new user's credentials, a stored finding of a user the report does not
        // know would be archived as fixed: the per-user scopes keep their stored findings instead, and say why.
        var failedNew = failed.Where(u => u.Reason == ConfirmationReason.CreatedAfterReport).ToList();
        var unsettled = listFailure is not null
            ? $"the credential report is stale and the users created since could not be listed: {listFailure}"
            : failedNew.Count > 0
                ? $"users created after the credential report could not be read ({string.Join(", ", failedNew.Take(5).Select(u => u.UserName))}): {reads[failedNew[0].UserName].Failure}"
                : null;

        return new ConfirmedEvidence(confirmed, freshness with
        {
            LiveUsers = plan.Users.Count(u => u.Reason == ConfirmationReason.CreatedAfterReport && reads[u.UserName].Row is not null),
            DeletedUsers = deleted.Count,
            Unconfirmed = failed.Count,
            UnconfirmedReason = failed.Count > 0 ? $"{failed[0].UserName}: {reads[failed[0].UserName].Failure}" : null,
        })
        {
            ReportPreview = preview,
            UserScopesUnsettled = unsettled,
        };
    }

    /// <summary>One user's live read, not started once the budget stops reads, and abandoned when it ends them.</summary>
    private async Task<LiveRead> ReadWithinBudgetAsync(UserToConfirm user, RunBudget budget, RunBudget.ReadWindow window)
    {
        if (!budget.MayRead || window.TimedOut)
        {
            return new LiveRead(null, false, $"{RunBudget.DeadlineReached}: {budget.Describe("not confirmed live")}");
        }

        try
        {
            var read = await ReadAsync(user, window.Token).ConfigureAwait(false);
            return read.Failure is not null && window.TimedOut
                ? read with { Failure = $"{RunBudget.DeadlineReached}: {budget.Describe("not confirmed live in time")}" }
                : read;
        }
        catch (Exception) when (window.TimedOut)
        {
            return new LiveRead(null, false, $"{RunBudget.DeadlineReached}: {budget.Describe("not confirmed live in time")}");
        }
    }

    /// <summary>
    /// One user's credentials from live calls: ListAccessKeys and ListMFADevices (NoSuchEntity = the user is gone),
    /// GetLoginProfile (NoSuchEntity = no console password), GetAccessKeyLastUsed for each active key.
    /// </summary>
    private async Task<LiveRead> ReadAsync(UserToConfirm user, CancellationToken cancellationToken)
    {
        try
        {
            var keys = await _iam.ListAccessKeysAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            var mfaDevices = await _iam.ListMFADevicesAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            LoginProfile? profile = null;
            try
            {
                profile = await _iam.GetLoginProfileAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException e) when (e.ErrorCode == NoSuchEntity)
            {
                // No console password.
            }

            var liveKeys = new List<LiveAccessKey>(keys.Count);
            foreach (var key in keys)
            {
                if (!key.IsActive)
                {
                    liveKeys.Add(new LiveAccessKey(key.AccessKeyId, false, key.CreateDate));
                    continue;
                }

                try
                {
                    var used = await _iam.GetAccessKeyLastUsedAsync(key.AccessKeyId, cancellationToken).ConfigureAwait(false);
                    liveKeys.Add(new LiveAccessKey(key.AccessKeyId, true, key.CreateDate, used.LastUsedDate, Known(used.Region), Known(used.ServiceName)));
                }
                catch (AwsServiceException e) when (e.ErrorCode == NoSuchEntity)
                {
                    // Deleted between the two calls: the key is gone.
                }
            }

            var sameUser = user.Reason != ConfirmationReason.CreatedAfterReport ? user.ReportRow : null;
            var live = new LiveUserCredentials
            {
                UserName = user.UserName,
                Arn = user.Listed?.Arn ?? user.Arn,
                CreateDate = user.Listed?.CreateDate ?? sameUser?.UserCreationTime,
                PasswordEnabled = profile is not null,
                PasswordCreated = profile?.CreateDate,
                PasswordLastUsed = profile is null ? null : PasswordLastUsed(user.Listed?.PasswordLastUsed, sameUser?.PasswordLastUsed, profile.CreateDate),
                MfaActive = mfaDevices.Count > 0,
                AccessKeys = liveKeys,
                ReadAt = _time.GetUtcNow(),
            };
            return new LiveRead(live.ToReportRow(), false, null);
        }
        catch (AwsServiceException e) when (e.ErrorCode == NoSuchEntity)
        {
            return new LiveRead(null, true, null);
        }
        catch (Exception e) when (ReadFailures.TryDescribe(e, out _, out var reason))
        {
            return new LiveRead(null, false, reason);
        }
    }

    /// <summary>
    /// ListUsers' PasswordLastUsed is live; where it is absent, the report's value still holds if it belongs to the
    /// current password (last use only moves forward, and a password set after it was never used as that password).
    /// </summary>
    private static DateTimeOffset? PasswordLastUsed(DateTimeOffset? listed, DateTimeOffset? reported, DateTimeOffset? passwordCreated)
    {
        if (reported is { } r && passwordCreated is { } created && r < created)
        {
            reported = null;
        }

        return (listed, reported) switch
        {
            ({ } l, { } rep) => l > rep ? l : rep,
            ({ } l, null) => l,
            (null, var rep) => rep,
        };
    }

    private static string? Known(string value) =>
        string.IsNullOrEmpty(value) || value.Equals("N/A", StringComparison.OrdinalIgnoreCase) ? null : value;

    private sealed record LiveRead(CredentialReportRow? Row, bool Deleted, string? Failure);
}
