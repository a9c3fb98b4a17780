using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Core.Tests.Support;

/// <summary>Account snapshots for the checks, as the collector would hand them over.</summary>
internal static class Snapshots
{
    public const string AccountId = "123456789012";
    public const string RootArn = "arn:aws:iam::123456789012:root";
    public const string AccountResourceId = "AWS::::Account:123456789012";

    public static readonly IReadOnlyList<string> Regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];

    /// <summary>Nothing collected: every piece is <see cref="Gathered{T}.NotCollected"/>.</summary>
    public static AccountSnapshot Empty() => new()
    {
        AccountId = AccountId,
        CollectedAt = TestClock.Now.AddMinutes(-2),
        Regions = Regions,
    };

    public static AccountSnapshot WithReport(CredentialReport report) =>
        Empty().WithCredentialReport(Gathered<CredentialReport>.Ok(report));

    public static AccountSnapshot WithReport(string fixture) => WithReport(Fixture.Report(fixture));

    public static AccountSnapshot WithReport(CredentialReportBuilder builder) => WithReport(builder.Build());

    public static Gathered<AccountSummary> Summary(long mfaEnabled, long accessKeysPresent) =>
        Gathered<AccountSummary>.Ok(new AccountSummary(new Dictionary<string, long>
        {
            ["AccountMFAEnabled"] = mfaEnabled,
            ["AccountAccessKeysPresent"] = accessKeysPresent,
            ["AccountPasswordPresent"] = 1,
            ["Users"] = 2,
        }));

    public static Gathered<IReadOnlyList<VirtualMfaDevice>> VirtualDevices(params VirtualMfaDevice[] devices) =>
        Gathered<IReadOnlyList<VirtualMfaDevice>>.Ok(devices);

    public static Gathered<T> AccessDenied<T>(string what)
        where T : class =>
        Gathered<T>.Failed("AccessDenied", $"User: arn:aws:sts::123456789012:assumed-role/auditor/run is not authorized to perform: {what}");

    /// <summary>
    /// The full snapshot: real report with a root row, summary, devices, GuardDuty in every region, Shield, and every
    /// other kind read (a rotating KMS key, Inspector off, no analyzer, no organization).
    /// </summary>
    public static AccountSnapshot Complete() => WithReport(Fixture.RealReport).WithAccountSummary(Summary(1, 0)).WithVirtualMfaDevices(VirtualDevices()).WithGuardDuty(Regions.Select(r => new RegionalEvidence<IReadOnlyList<GuardDutyDetector>>(r, Gathered<IReadOnlyList<GuardDutyDetector>>.Ok(
            [new GuardDutyDetector("12abc34d567e8fa901bc2d34e56789f0", "ENABLED", [])]))).ToList()).WithShield(Gathered<ShieldSubscription>.Ok(ShieldSubscription.None)).WithRootCloudTrailEvents(Regions.Select(r => new RegionalEvidence<RootEventLookup>(r, Gathered<RootEventLookup>.Ok(new RootEventLookup([], false)))).ToList()).WithRootUsageMonitoring(RootUsageMonitored())
        .WithAuthorizationDetails(Gathered<AuthorizationDetails>.Ok(new IamAccount().User("alice", groups: ["devs"]).Role("lambda-runner", inline: [new InlinePolicy("read-s3", IamAccount.ReadOnlyS3)]).Build()))
        .WithPasswordPolicy(Gathered<AccountPasswordPolicy>.Ok(AccountPasswordPolicy.None))
        .With(EvidenceKinds.KmsKeys, Regions.Select(r => new RegionalEvidence<IReadOnlyList<KmsKey>>(r, Gathered<IReadOnlyList<KmsKey>>.Ok([RotatingKey(r)]))))
        .With(EvidenceKinds.InspectorStatus, Regions.Select(r => new RegionalEvidence<InspectorStatus>(r, Gathered<InspectorStatus>.Ok(InspectorStatus.NotEnabled))))
        .With(EvidenceKinds.AccessAnalyzers, Regions.Select(r => new RegionalEvidence<IReadOnlyList<AccessAnalyzer>>(r, Gathered<IReadOnlyList<AccessAnalyzer>>.Ok([]))))
        .With(EvidenceKinds.OrganizationMembership, Gathered<OrganizationMembership>.Ok(OrganizationMembership.NotAMember));

    /// <summary>A customer managed symmetric key of <paramref name="region"/> that rotates every year.</summary>
    public static KmsKey RotatingKey(string region) => new()
    {
        KeyId = "1234abcd-12ab-34cd-56ef-1234567890ab",
        Arn = $"arn:aws:kms:{region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        KeyManager = "CUSTOMER",
        KeyState = "Enabled",
        KeySpec = "SYMMETRIC_DEFAULT",
        Origin = "AWS_KMS",
        RotationEnabled = true,
        RotationPeriodInDays = 365,
    };

    public const string TrailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/organization-trail";
    public const string LogGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*";
    public const string TopicArn = "arn:aws:sns:us-east-1:123456789012:security-alerts";

    /// <summary>A multi-region trail to CloudWatch Logs with the CIS root-usage filter and an alarm that notifies SNS.</summary>
    public static Gathered<IReadOnlyList<TrailMonitoring>> RootUsageMonitored(
        string pattern = RootUsageFilterPattern.Cis, bool isLogging = true, bool multiRegion = true, IReadOnlyList<string>? alarmActions = null) =>
        Gathered<IReadOnlyList<TrailMonitoring>>.Ok(
        [
            new TrailMonitoring(
                new CloudTrailTrail { Name = "organization-trail", TrailArn = TrailArn, HomeRegion = "us-east-1", IsMultiRegionTrail = multiRegion, CloudWatchLogsLogGroupArn = LogGroupArn },
                Gathered<TrailLogMonitoring>.Ok(new TrailLogMonitoring(
                    isLogging,
                    "aws-cloudtrail-logs",
                    "us-east-1",
                    [new LogMetricFilter("RootAccountUsage", pattern, [new MetricId("CISBenchmark", "RootAccountUsage")])],
                    [new MetricAlarm { AlarmName = "root-account-usage", AlarmArn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-account-usage", Metrics = [new MetricId("CISBenchmark", "RootAccountUsage")], AlarmActions = alarmActions ?? [TopicArn] }]))),
        ]);

    public static List<CheckResult> Run(ICheck check, AccountSnapshot snapshot, AuditSettings? settings = null) =>
        check.Evaluate(snapshot, settings ?? AuditSettings.Default, TestClock.Now).ToList();

    /// <summary>The one result about the IAM user <paramref name="name"/>.</summary>
    public static CheckResult ForUser(this IEnumerable<CheckResult> results, string name) =>
        Assert.Single(results, r => r.Resource.Details?.AwsIamUser?.UserName == name);

    public static CheckResult ForRegion(this IEnumerable<CheckResult> results, string region) =>
        Assert.Single(results, r => r.Region == region);
}
