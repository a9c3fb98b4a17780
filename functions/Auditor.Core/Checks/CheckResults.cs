using System.Globalization;
using System.Runtime.CompilerServices;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>Builders the checks share, so every check shapes resources and statuses the same way.</summary>
internal static class CheckResults
{
    /// <summary>
    /// A result of <paramref name="check"/>. With an <paramref name="origin"/>, the evidence carries the evidence
    /// source and time from the start, so the <see cref="Evaluation.CheckRunner"/> need not copy the result to add them.
    /// </summary>
    public static CheckResult Result(CheckMetadata check, ComplianceStatus status, AsffResource resource, string description, string? region = null, IReadOnlyDictionary<string, string>? evidence = null, EvidenceOrigin? origin = null) => new()
    {
        Origin = origin,
        CheckId = check.Id,
        Region = region,
        Status = status,
        Severity = status switch
        {
            ComplianceStatus.Failed => check.Severity,
            ComplianceStatus.Warning => Severity.Low,
            _ => Severity.Informational,
        },
        Resource = resource,
        Description = description,
        Evidence = origin is null ? evidence ?? EvidenceMap.Empty : new EvidenceWithSource(evidence ?? EvidenceMap.Empty, origin),
    };

    /// <summary>The scope could not be evaluated: one NOT_AVAILABLE result on the account, with the reason.</summary>
    public static CheckResult NotAvailable(CheckMetadata check, AccountSnapshot snapshot, string code, string reason, string? region = null) =>
        Result(check, ComplianceStatus.NotAvailable, Account(snapshot, region), $"Auditor could not evaluate this check: {reason}", region) with
        {
            StatusReason = new AsffStatusReason(code, reason),
        };

    /// <summary>One resource could not be evaluated (a policy document Auditor cannot read): NOT_AVAILABLE on it, with the reason.</summary>
    public static CheckResult NotAvailable(CheckMetadata check, AsffResource resource, string code, string reason, string? region = null) =>
        Result(check, ComplianceStatus.NotAvailable, resource, $"Auditor could not evaluate this check: {reason}", region) with
        {
            StatusReason = new AsffStatusReason(code, reason),
        };

    /// <summary>
    /// The credential report as <paramref name="kind"/> holds it (<see cref="EvidenceKinds.IamUsers"/> for the users'
    /// rows, <see cref="EvidenceKinds.CredentialReport"/> for the root row), or the NOT_AVAILABLE result to return
    /// when it could not be read.
    /// </summary>
    public static CredentialReport? ReportOrNotAvailable(CheckMetadata check, AccountSnapshot snapshot, EvidenceKind<CredentialReport> kind, out CheckResult? notAvailable)
    {
        var report = snapshot.Get(kind);
        notAvailable = report.Succeeded
            ? null
            : NotAvailable(check, snapshot, report.FailureCode!, $"the credential report could not be read: {report.FailureReason}");
        return report.Value;
    }

    public static AsffResource Account(AccountSnapshot snapshot, string? region = null) => new()
    {
        Type = "AwsAccount",
        Id = $"AWS::::Account:{snapshot.AccountId}",
        Partition = snapshot.Partition,
        Region = region,
    };

    /// <summary>
    /// The IAM user as a finding resource. Every user check of a run describes the same user the same way, so the
    /// (immutable) resource is built once per report row and partition and shared by those checks' results.
    /// </summary>
    public static AsffResource IamUser(AccountSnapshot snapshot, CredentialReportRow row)
    {
        if (snapshot.Get(EvidenceKinds.IamUsers).Value is not { } report)
        {
            return NewIamUser(snapshot, row);
        }

        var cache = UserResources.GetValue(report, static report => new Dictionary<(CredentialReportRow, string), AsffResource>(report.Users.Count, RowAndPartition.Instance));
        lock (cache)
        {
            if (!cache.TryGetValue((row, snapshot.Partition), out var resource))
            {
                resource = NewIamUser(snapshot, row);
                cache.Add((row, snapshot.Partition), resource);
            }

            return resource;
        }
    }

    private static readonly ConditionalWeakTable<CredentialReport, Dictionary<(CredentialReportRow, string), AsffResource>> UserResources = new();

    /// <summary>Rows by reference (two users may have equal rows in a hand-made report), partitions by value.</summary>
    private sealed class RowAndPartition : IEqualityComparer<(CredentialReportRow Row, string Partition)>
    {
        public static readonly RowAndPartition Instance = new();

        public bool Equals((CredentialReportRow Row, string Partition) x, (CredentialReportRow Row, string Partition) y) =>
            ReferenceEquals(x.Row, y.Row) && string.Equals(x.Partition, y.Partition, StringComparison.Ordinal);

        public int GetHashCode((CredentialReportRow Row, string Partition) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Row), obj.Partition);
    }

    private static AsffResource NewIamUser(AccountSnapshot snapshot, CredentialReportRow row) => new()
    {
        Type = "AwsIamUser",
        Id = row.Arn,
        Partition = snapshot.Partition,
        Details = new AsffResourceDetails
        {
            AwsIamUser = new AwsIamUserDetails
            {
                UserName = row.User,
                Path = row.UserPath,
                CreateDate = row.UserCreationTime is { } created ? AsffTimestampConverter.ToAsff(created) : null,
            },
        },
    };

    public static string Date(DateTimeOffset? value) => value is { } v ? AsffTimestampConverter.ToAsff(v) : "never";

    public static int DaysBetween(DateTimeOffset earlier, DateTimeOffset later) => (int)Math.Floor((later - earlier).TotalDays);

    public static string Days(int days) => days.ToString(CultureInfo.InvariantCulture);
}
