using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;

namespace Auditor.Core.Freshness;

/// <summary>
/// How fresh a run's IAM evidence was: the report's time and age, whether it was stale, and what the live
/// confirmation did (results confirmed, of those overturned, users created after the report, users deleted since).
/// </summary>
public sealed record FreshnessSummary
{
    /// <summary>The report's GeneratedTime; null when no check read the report or it could not be read.</summary>
    public DateTimeOffset? ReportGeneratedAt { get; init; }

    public TimeSpan? ReportAge { get; init; }

    public required TimeSpan MaxAge { get; init; }

    public bool Stale { get; init; }

    /// <summary>Results of the report (FAILED, or differing from Security Hub) that live calls re-checked.</summary>
    public int Confirmed { get; init; }

    /// <summary>Confirmed results whose status the live answer changed, or that went away with their user.</summary>
    public int Overturned { get; init; }

    /// <summary>Users not in the report (created after it, or deleted and created again), evaluated from live calls.</summary>
    public int LiveUsers { get; init; }

    /// <summary>Users in the report that no longer exist; their findings are archived.</summary>
    public int DeletedUsers { get; init; }

    /// <summary>Users whose live reads failed: their results stay as the report has them, with the report as evidence.</summary>
    public int Unconfirmed { get; init; }

    /// <summary>The first failed live read, for the run summary and the logs.</summary>
    public string? UnconfirmedReason { get; init; }

    public static FreshnessSummary WithoutReport(TimeSpan maxAge) => new() { MaxAge = maxAge };

    public static FreshnessSummary Fresh(CredentialReport report, DateTimeOffset now, TimeSpan maxAge) => new()
    {
        ReportGeneratedAt = report.GeneratedTime,
        ReportAge = ReportStaleness.AgeOf(report, now),
        MaxAge = maxAge,
        Stale = ReportStaleness.IsStale(report, now, maxAge),
    };

    /// <summary>
    /// Counts, for a stale report, the results that needed confirmation (<see cref="ConfirmationPlanner.NeedsConfirmation"/>)
    /// and that the final evaluation answers from live data or no longer produces; overturned are those whose status changed.
    /// </summary>
    public FreshnessSummary WithConfirmation(string accountId, AuditEvaluation fromReport, AuditEvaluation final, IReadOnlyList<AsffFinding> stored)
    {
        ArgumentNullException.ThrowIfNull(fromReport);
        ArgumentNullException.ThrowIfNull(final);
        var storedById = ConfirmationPlanner.StoredById(stored);
        var finalById = new Dictionary<string, Checks.CheckResult>(StringComparer.Ordinal);
        foreach (var result in final.Results)
        {
            finalById.TryAdd(ConfirmationPlanner.FindingId(result, accountId), result);
        }

        int confirmed = 0, overturned = 0;
        foreach (var result in fromReport.Results)
        {
            var id = ConfirmationPlanner.FindingId(result, accountId);
            if (!ConfirmationPlanner.NeedsConfirmation(result, id, storedById))
            {
                continue;
            }

            var now = finalById.GetValueOrDefault(id);
            if (now is null || now.Origin is { IsLive: true })
            {
                confirmed++;
                if (now is null || now.Status != result.Status)
                {
                    overturned++;
                }
            }
        }

        return this with { Confirmed = confirmed, Overturned = overturned };
    }
}
