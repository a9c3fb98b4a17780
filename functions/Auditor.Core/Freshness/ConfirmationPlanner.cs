using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Freshness;

/// <summary>Why a user is read live.</summary>
public enum ConfirmationReason
{
    /// <summary>The stale report makes one of the user's results FAILED.</summary>
    Failed,

    /// <summary>A result from the report differs from the finding already in Security Hub (status, or archived).</summary>
    Changed,

    /// <summary>The user exists (ListUsers) but is not in the report, or was deleted and created again since.</summary>
    CreatedAfterReport,
}

/// <summary>One user to read with live IAM calls: its report row (null for a user created after the report) and its ListUsers entry.</summary>
public sealed record UserToConfirm(string UserName, string Arn, ConfirmationReason Reason, CredentialReportRow? ReportRow, ListedUser? Listed);

/// <summary>What to read live for a stale report, and which report users no longer exist.</summary>
/// <param name="Users">Users to read live: O(failing or changed users + users created since), never every user.</param>
/// <param name="Gone">Report users that ListUsers no longer lists: deleted since the report; their findings are archived.</param>
/// <param name="UsersListed">Whether ListUsers answered; without it, new and deleted users cannot be known.</param>
public sealed record ConfirmationPlan(IReadOnlyList<UserToConfirm> Users, IReadOnlyList<CredentialReportRow> Gone, bool UsersListed)
{
    public int CreatedAfterReport => Users.Count(u => u.Reason == ConfirmationReason.CreatedAfterReport);
}

/// <summary>
/// Picks, from a stale report's evaluation, the users whose results must be confirmed live before they are
/// reported: a result the report makes FAILED, a result whose status differs from the finding already in
/// Security Hub (or whose finding is archived), a stored active finding the report no longer produces, and users
/// that ListUsers has and the report has not. Users whose results pass and agree with Security Hub are trusted.
/// </summary>
public static class ConfirmationPlanner
{
    /// <summary>
    /// What a stale report says, as the selected checks that read it see it: the results a confirmation starts from
    /// (which users fail or changed), and against which it counts what the live answers overturned.
    /// </summary>
    public static AuditEvaluation Preview(AccountSnapshot snapshot, IReadOnlyList<ICheck> checks, AuditSettings settings, DateTimeOffset now) =>
        CheckRunner.Evaluate(snapshot, checks.Where(c => CheckRunner.ReadsCredentialReport(c.Metadata)).ToList(), settings, now);

    /// <summary>A user's creation times that differ by more than this mean the user was deleted and created again.</summary>
    public static readonly TimeSpan CreationTolerance = TimeSpan.FromSeconds(2);

    public static ConfirmationPlan Plan(AccountSnapshot snapshot, AuditEvaluation fromReport, IReadOnlyList<AsffFinding> stored, IReadOnlyList<ListedUser>? listed)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(fromReport);
        ArgumentNullException.ThrowIfNull(stored);
        var report = snapshot.Get(EvidenceKinds.IamUsers).Value ?? throw new ArgumentException("the snapshot has no users' credential report rows", nameof(snapshot));
        var storedById = StoredById(stored);
        var rowsByArn = new Dictionary<string, CredentialReportRow>(StringComparer.Ordinal);
        var rowsByName = new Dictionary<string, CredentialReportRow>(StringComparer.Ordinal);
        foreach (var row in report.Users)
        {
            rowsByArn.TryAdd(row.Arn, row);
            rowsByName.TryAdd(row.User, row);
        }

        var selected = new Dictionary<string, (CredentialReportRow Row, ConfirmationReason Reason)>(StringComparer.Ordinal);
        void Select(CredentialReportRow row, ConfirmationReason reason)
        {
            if (!selected.TryGetValue(row.User, out var already) || reason < already.Reason)
            {
                selected[row.User] = (row, reason);
            }
        }

        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in fromReport.Results)
        {
            var id = FindingId(result, snapshot.AccountId);
            produced.Add(id);
            if (result.Resource.Type == UserResourceType
                && rowsByArn.TryGetValue(result.Resource.Id, out var row)
                && NeedsConfirmation(result, id, storedById))
            {
                Select(row, result.Status == ComplianceStatus.Failed ? ConfirmationReason.Failed : ConfirmationReason.Changed);
            }
        }

        // A finding that Security Hub holds as active but the report no longer produces would be archived as fixed.
        foreach (var finding in stored)
        {
            if (finding.RecordState == RecordStates.Active
                && !produced.Contains(finding.Id)
                && finding.Resources.Count > 0
                && finding.Resources[0].Type == UserResourceType
                && rowsByArn.TryGetValue(finding.Resources[0].Id, out var row)
                && FindingLifecycle.ScopeOf(finding) is { } scope
                && fromReport.EvaluatedScopes.Contains(scope))
            {
                Select(row, ConfirmationReason.Changed);
            }
        }

        if (listed is null)
        {
            return new ConfirmationPlan(
                selected.Values.Select(s => new UserToConfirm(s.Row.User, s.Row.Arn, s.Reason, s.Row, null)).OrderBy(u => u.UserName, StringComparer.Ordinal).ToList(),
                [],
                UsersListed: false);
        }

        var users = new List<UserToConfirm>();
        var gone = new List<CredentialReportRow>();
        var listedByName = new Dictionary<string, ListedUser>(StringComparer.Ordinal);
        foreach (var user in listed)
        {
            listedByName.TryAdd(user.UserName, user);
        }

        foreach (var row in report.Users)
        {
            if (!listedByName.TryGetValue(row.User, out var now))
            {
                gone.Add(row);
            }
            else if (!string.Equals(now.Arn, row.Arn, StringComparison.Ordinal) || Recreated(row, now))
            {
                users.Add(new UserToConfirm(row.User, now.Arn, ConfirmationReason.CreatedAfterReport, row, now));
            }
            else if (selected.TryGetValue(row.User, out var pick))
            {
                users.Add(new UserToConfirm(row.User, row.Arn, pick.Reason, row, now));
            }
        }

        users.AddRange(listed
            .Where(u => !rowsByName.ContainsKey(u.UserName))
            .Select(u => new UserToConfirm(u.UserName, u.Arn, ConfirmationReason.CreatedAfterReport, null, u)));
        return new ConfirmationPlan(users.OrderBy(u => u.UserName, StringComparer.Ordinal).ToList(), gone, UsersListed: true);
    }

    /// <summary>
    /// Whether a result drawn from the report must be confirmed: it is FAILED, or Security Hub holds its finding
    /// with another status or archived. Results from live data never need it.
    /// </summary>
    public static bool NeedsConfirmation(CheckResult result, string findingId, IReadOnlyDictionary<string, AsffFinding> storedById)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(storedById);
        if (result.Origin is not { IsLive: false })
        {
            return false;
        }

        if (result.Status == ComplianceStatus.Failed)
        {
            return true;
        }

        return storedById.TryGetValue(findingId, out var previous)
            && (previous.RecordState == RecordStates.Archived || !string.Equals(previous.Compliance?.Status, result.Status.ToAsff(), StringComparison.Ordinal));
    }

    public static string FindingId(CheckResult result, string accountId) =>
        FindingIdentity.For(FindingFactory.ScopeOf(result, accountId), result.Resource.Id);

    public static Dictionary<string, AsffFinding> StoredById(IReadOnlyList<AsffFinding> stored)
    {
        var byId = new Dictionary<string, AsffFinding>(StringComparer.Ordinal);
        foreach (var finding in stored ?? [])
        {
            byId.TryAdd(finding.Id, finding);
        }

        return byId;
    }

    private const string UserResourceType = "AwsIamUser";

    private static bool Recreated(CredentialReportRow row, ListedUser now) =>
        row.UserCreationTime is { } then && now.CreateDate is { } created && (created - then).Duration() > CreationTolerance;
}
