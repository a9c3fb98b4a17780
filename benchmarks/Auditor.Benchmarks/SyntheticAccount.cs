using System.Globalization;
using System.Text;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evaluation;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Benchmarks;

/// <summary>
/// A deterministic account of any size, shaped like real ones: a credential report with the root row and
/// <c>N</c> IAM users (paths, console passwords with and without MFA, zero to two access keys, old and recent
/// use, <c>N/A</c> and <c>no_information</c>), plus the account summary, GuardDuty and Shield data.
/// </summary>
public static class SyntheticAccount
{
    public const string AccountId = "123456789012";
    public const string Partition = "aws";
    public const string HubRegion = "us-east-1";

    /// <summary>The audit's clock: fixed, so every run evaluates the same data the same way.</summary>
    public static readonly DateTimeOffset Now = new(2025, 11, 20, 3, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset ReportGeneratedAt = Now.AddMinutes(-1);

    public static readonly IReadOnlyList<string> Regions = ["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2"];

    private const string Header =
        "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
        "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region," +
        "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date," +
        "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private static readonly string[] Paths = ["/", "/", "/", "/engineering/", "/ops/", "/contractors/", "/service/ci/"];
    private static readonly string[] Services = ["s3", "sts", "ec2", "dynamodb", "lambda", "iam", "logs"];

    /// <summary>The credential report CSV as IAM sends it (LF line ends, root row first), for <paramref name="users"/> users.</summary>
    public static string CredentialReportCsv(int users, int seed = 42)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(capacity: 320 * (users + 2));
        csv.Append(Header).Append('\n');
        csv.Append("<root_account>,arn:aws:iam::").Append(AccountId).Append(":root,2019-03-04T10:11:12+00:00,not_supported,")
            .Append(Date(Now.AddDays(-40))).Append(",not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        for (var i = 0; i < users; i++)
        {
            var name = $"user-{i:D6}";
            var path = Paths[random.Next(Paths.Length)];
            var created = Now.AddDays(-random.Next(1, 2000)).AddSeconds(-random.Next(86_400));
            var hasPassword = random.NextDouble() < 0.6;
            csv.Append(name).Append(",arn:aws:iam::").Append(AccountId).Append(":user").Append(path).Append(name).Append(',')
                .Append(Date(created)).Append(',');
            if (hasPassword)
            {
                var used = random.NextDouble() < 0.8 ? Date(Between(random, created, Now)) : "no_information";
                csv.Append("true,").Append(used).Append(',').Append(Date(Between(random, created, Now))).Append(",N/A,")
                    .Append(random.NextDouble() < 0.75 ? "true" : "false").Append(',');
            }
            else
            {
                csv.Append("false,N/A,N/A,N/A,false,");
            }

            var keys = random.NextDouble() switch { < 0.35 => 0, < 0.9 => 1, _ => 2 };
            AppendKey(csv, random, keys >= 1, created);
            AppendKey(csv, random, keys >= 2, created);
            csv.Append("false,N/A,false,N/A\n");
        }

        return csv.ToString();
    }

    /// <summary>The snapshot the collector would hand over for this report.</summary>
    public static AccountSnapshot Snapshot(CredentialReport report) => Snapshot(report, Now);

    /// <summary>The snapshot the collector would hand over for this report, collected at <paramref name="collectedAt"/>.</summary>
    public static AccountSnapshot Snapshot(CredentialReport report, DateTimeOffset collectedAt) =>
        new AccountSnapshot
        {
            AccountId = AccountId,
            Partition = Partition,
            CollectedAt = collectedAt,
            Regions = Regions,
        }
        .WithCredentialReport(Gathered<CredentialReport>.Ok(report))
        .WithAccountSummary(Gathered<AccountSummary>.Ok(new AccountSummary(new Dictionary<string, long>
        {
            ["AccountMFAEnabled"] = 1,
            ["AccountAccessKeysPresent"] = 0,
            ["Users"] = report.Users.Count,
        })))
        .WithVirtualMfaDevices(Gathered<IReadOnlyList<VirtualMfaDevice>>.Ok([]))
        .WithGuardDuty(Regions.Select((region, i) => new RegionalEvidence<IReadOnlyList<GuardDutyDetector>>(region, Gathered<IReadOnlyList<GuardDutyDetector>>.Ok(
            i == 0 ? [] : [new GuardDutyDetector($"12abc34d567e8fa901bc2d34e56789f{i}", "ENABLED", [new GuardDutyFeature("S3_DATA_EVENTS", "ENABLED")])]))))
        .WithShield(Gathered<ShieldSubscription>.Ok(ShieldSubscription.None));

    /// <summary>The whole scan of one account: parse, evaluate every check, build every finding.</summary>
    public static (AuditEvaluation Evaluation, List<AsffFinding> Findings) Scan(string csv)
    {
        var report = CredentialReportParser.Parse(csv, ReportGeneratedAt);
        var evaluation = CheckRunner.Evaluate(Snapshot(report), CheckCatalog.All, AuditSettings.Default, Now);
        return (evaluation, CreateFindings(evaluation));
    }

    /// <summary>Every result as the ASFF finding the auditor imports (the regional ones into their own region).</summary>
    public static List<AsffFinding> CreateFindings(AuditEvaluation evaluation) => CreateFindings(evaluation, Now);

    /// <summary>Every result as the ASFF finding an audit at <paramref name="now"/> imports.</summary>
    public static List<AsffFinding> CreateFindings(AuditEvaluation evaluation, DateTimeOffset now)
    {
        var findings = new List<AsffFinding>(evaluation.Results.Count);
        foreach (var result in evaluation.Results)
        {
            findings.Add(FindingFactory.Create(result, Metadata(result.CheckId), AccountId, Partition, result.Region ?? HubRegion, now));
        }

        return findings;
    }

    private static readonly Dictionary<string, CheckMetadata> MetadataById =
        CheckCatalog.All.ToDictionary(c => c.Metadata.Id, c => c.Metadata, StringComparer.Ordinal);

    public static CheckMetadata Metadata(string checkId) => MetadataById[checkId];

    private static void AppendKey(StringBuilder csv, Random random, bool active, DateTimeOffset created)
    {
        if (!active)
        {
            // An inactive or absent key: IAM writes false and N/A.
            csv.Append("false,N/A,N/A,N/A,N/A,");
            return;
        }

        var rotated = Between(random, created, Now);
        csv.Append("true,").Append(Date(rotated)).Append(',');
        if (random.NextDouble() < 0.85)
        {
            csv.Append(Date(Between(random, rotated, Now))).Append(',').Append(Regions[random.Next(Regions.Count)]).Append(',')
                .Append(Services[random.Next(Services.Length)]).Append(',');
        }
        else
        {
            csv.Append("N/A,N/A,N/A,");
        }
    }

    private static DateTimeOffset Between(Random random, DateTimeOffset from, DateTimeOffset to) =>
        from.AddSeconds(random.NextDouble() * (to - from).TotalSeconds);

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
