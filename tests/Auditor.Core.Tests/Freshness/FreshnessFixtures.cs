using System.Globalization;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Core.Tests.Freshness;

/// <summary>Credential reports shaped like AWS's (root row included, lowercase booleans, +00:00 dates) for the freshness tests.</summary>
internal static class FreshnessFixtures
{
    public const string Account = "123456789012";
    public const string Header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<ICheck> UserChecks = CheckCatalog.Select(["iam.user-mfa", "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key"]);

    public static readonly IReadOnlyList<ICheck> RootChecks = CheckCatalog.Select(["root.mfa", "root.access-keys", "root.hardware-mfa"]);

    public static string Arn(string user) => $"arn:aws:iam::{Account}:user/{user}";

    public static string D(int daysAgo) => (Now - TimeSpan.FromDays(daysAgo)).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string RootRow(bool mfa, bool accessKey) =>
        $"<root_account>,arn:aws:iam::{Account}:root,{D(900)},not_supported,{D(30)},not_supported,not_supported,{B(mfa)},{B(accessKey)},{(accessKey ? D(300) : "N/A")},N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

    /// <summary>One user row. <paramref name="keys"/>: (ageDays, usedDaysAgo or null) of active keys, in creation order.</summary>
    public static string UserRow(string name, bool password = false, bool mfa = false, int? passwordUsedDaysAgo = null, int createdDaysAgo = 400, params (int AgeDays, int? UsedDaysAgo)[] keys)
    {
        string Key(int i) => i < keys.Length
            ? $"true,{D(keys[i].AgeDays)},{(keys[i].UsedDaysAgo is { } u ? D(u) : "N/A")},{(keys[i].UsedDaysAgo is null ? "N/A" : "us-east-1")},{(keys[i].UsedDaysAgo is null ? "N/A" : "s3")}"
            : "false,N/A,N/A,N/A,N/A";
        var passwordUsed = !password ? "N/A" : passwordUsedDaysAgo is { } p ? D(p) : "no_information";
        return $"{name},{Arn(name)},{D(createdDaysAgo)},{B(password)},{passwordUsed},{(password ? D(createdDaysAgo) : "N/A")},N/A,{B(mfa)},{Key(0)},{Key(1)},false,N/A,false,N/A";
    }

    public static CredentialReport Report(DateTimeOffset generated, params string[] rows) =>
        CredentialReportParser.Parse(Header + "\n" + string.Join("\n", rows) + "\n", generated);

    public static AccountSnapshot Snapshot(CredentialReport report, AccountSummary? summary = null, bool stale = false, IReadOnlyList<VirtualMfaDevice>? virtualMfa = null) =>
        new AccountSnapshot
        {
            AccountId = Account,
            CollectedAt = Now,
            Regions = ["us-east-1"],
            CredentialReportStale = stale,
        }
        .WithCredentialReport(Gathered<CredentialReport>.Ok(report))
        .WithAccountSummary(summary is null ? Gathered<AccountSummary>.Failed("AccessDenied", "not allowed") : Gathered<AccountSummary>.Ok(summary))
        .WithVirtualMfaDevices(Gathered<IReadOnlyList<VirtualMfaDevice>>.Ok(virtualMfa ?? []));

    public static AccountSummary Summary(bool mfa, bool accessKeys) =>
        new(new Dictionary<string, long> { ["AccountMFAEnabled"] = mfa ? 1 : 0, ["AccountAccessKeysPresent"] = accessKeys ? 1 : 0 });

    public static AuditEvaluation Evaluate(AccountSnapshot snapshot, IReadOnlyList<ICheck>? checks = null) =>
        CheckRunner.Evaluate(snapshot, checks ?? UserChecks, AuditSettings.Default, Now);

    public static CheckResult Result(AuditEvaluation evaluation, string checkId, string resourceId) =>
        evaluation.Results.Single(r => r.CheckId == checkId && r.Resource.Id == resourceId);

    /// <summary>The finding Security Hub would hold for a result, with the given status and record state.</summary>
    public static AsffFinding Stored(CheckResult result, string status, string recordState = RecordStates.Active)
    {
        var metadata = CheckCatalog.Find(result.CheckId)!.Metadata;
        var finding = FindingFactory.Create(result, metadata, Account, "aws", "us-east-1", Now.AddDays(-1));
        return finding with { Compliance = finding.Compliance! with { Status = status }, RecordState = recordState };
    }

    private static string B(bool value) => value ? "true" : "false";
}
