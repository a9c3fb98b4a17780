using Auditor.Core.Checks;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RootUsageAlarmCheckTests
{
    private readonly RootUsageAlarmCheck _check = new();

    [Fact]
    public void Passes_with_a_logging_multi_region_trail_the_cis_filter_and_an_alarm_that_notifies()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored())));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Null(result.Region);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-account-usage", result.Evidence["auditor/Alarm"]);
        Assert.Equal(TopicArn, result.Evidence["auditor/AlarmActions"]);
        Assert.StartsWith("RootAccountUsage: { $.userIdentity.type", result.Evidence["auditor/MetricFilter"], StringComparison.Ordinal);
        Assert.Equal([TrailArn, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-account-usage"], result.RelatedResources.Select(r => r.Id));
        Assert.Equal(["AwsCloudTrailTrail", "AwsCloudWatchAlarm"], result.RelatedResources.Select(r => r.Type));
    }

    [Fact]
    public void Fails_low_without_any_trail()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(Gathered<IReadOnlyList<TrailMonitoring>>.Ok([]))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
        Assert.Contains("no CloudTrail trail", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_only_trail_is_single_region()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored(multiRegion: false))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("No multi-region CloudTrail trail delivers to CloudWatch Logs", result.Description, StringComparison.Ordinal);
        Assert.EndsWith("single-region trail", result.Evidence["auditor/Trail1"], StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_trail_does_not_deliver_to_cloudwatch_logs()
    {
        var trail = new CloudTrailTrail { Name = "s3-only", TrailArn = TrailArn, IsMultiRegionTrail = true };
        var snapshot = Empty().WithRootUsageMonitoring(Gathered<IReadOnlyList<TrailMonitoring>>.Ok([new TrailMonitoring(trail, Gathered<TrailLogMonitoring>.NotCollected)]));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.EndsWith("does not deliver to CloudWatch Logs", result.Evidence["auditor/Trail1"], StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_trail_is_not_logging()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored(isLogging: false))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("is not logging", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_no_filter_matches_root_usage()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored(pattern: "{ $.eventName = \"ConsoleLogin\" }"))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("metric filter(s) do not match root usage", result.Description, StringComparison.Ordinal);
        Assert.Equal(RootUsageFilterPattern.Cis, result.Evidence["auditor/ExpectedFilterPattern"]);
    }

    [Fact]
    public void Fails_when_the_alarm_has_no_action()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored(alarmActions: []))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("alarm root-account-usage on CISBenchmark/RootAccountUsage has no enabled action", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_alarm_actions_are_disabled()
    {
        var snapshot = Empty().WithRootUsageMonitoring(Monitored(alarms: [Alarm("RootAccountUsage") with { ActionsEnabled = false }]));

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void Fails_when_no_alarm_watches_the_filters_metric()
    {
        var snapshot = Empty().WithRootUsageMonitoring(Monitored(alarms: [Alarm("SomethingElse")]));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("no alarm watches CISBenchmark/RootAccountUsage", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alarm_on_the_same_metric_name_in_another_namespace_does_not_count()
    {
        var snapshot = Empty().WithRootUsageMonitoring(Monitored(alarms: [Alarm("RootAccountUsage", "OtherNamespace")]));

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void A_metric_math_alarm_over_the_filters_metric_counts()
    {
        var snapshot = Empty().WithRootUsageMonitoring(Monitored(alarms: [Alarm("RootAccountUsage") with { Metrics = [new MetricId("Other", "x"), new MetricId("CISBenchmark", "RootAccountUsage")] }]));

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void One_good_trail_among_several_passes()
    {
        var bad = new TrailMonitoring(
            new CloudTrailTrail { Name = "old", TrailArn = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/old", IsMultiRegionTrail = true, CloudWatchLogsLogGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:old:*" },
            Gathered<TrailLogMonitoring>.Ok(new TrailLogMonitoring(true, "old", "eu-west-1", [], [])));
        var snapshot = Empty().WithRootUsageMonitoring(Gathered<IReadOnlyList<TrailMonitoring>>.Ok([bad, .. RootUsageMonitored().Value!]));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Contains("which has no metric filter", result.Evidence["auditor/Trail1"], StringComparison.Ordinal);
    }

    [Fact]
    public void Not_available_when_the_trails_cannot_be_read()
    {
        var snapshot = Empty().WithRootUsageMonitoring(AccessDenied<IReadOnlyList<TrailMonitoring>>("cloudtrail:DescribeTrails"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason?.ReasonCode);
        Assert.Contains("cloudtrail:DescribeTrails", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_available_when_the_only_qualifying_trail_cannot_be_read_rather_than_failed()
    {
        var trail = RootUsageMonitored().Value![0] with { Monitoring = AccessDenied<TrailLogMonitoring>("logs:DescribeMetricFilters") };
        var snapshot = Empty().WithRootUsageMonitoring(Gathered<IReadOnlyList<TrailMonitoring>>.Ok([trail]));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Contains("logs:DescribeMetricFilters", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_collected_is_not_available_never_passed()
    {
        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(Run(_check, Empty())).Status);
    }

    [Fact]
    public void Finding_maps_to_cis_v140_and_cloudwatch_1()
    {
        var result = Assert.Single(Run(_check, Empty().WithRootUsageMonitoring(RootUsageMonitored(isLogging: false))));

        var finding = FindingFactory.Create(result, _check.Metadata, AccountId, "aws", "us-east-1", TestClock.Now);

        Assert.Equal("root.usage-alarm", finding.GeneratorId);
        Assert.Equal(["CIS AWS Foundations Benchmark v1.4.0/4.3"], finding.Compliance!.RelatedRequirements);
        Assert.Equal("CloudWatch.1", finding.ProductFields!["auditor/SecurityHubControlId"]);
        Assert.Equal("LOW", finding.Severity.Label);
    }

    private static MetricAlarm Alarm(string metric, string ns = "CISBenchmark") => new()
    {
        AlarmName = "root-usage",
        AlarmArn = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-usage",
        Metrics = [new MetricId(ns, metric)],
        AlarmActions = [TopicArn],
    };

    private static Gathered<IReadOnlyList<TrailMonitoring>> Monitored(IReadOnlyList<MetricAlarm> alarms)
    {
        var trail = RootUsageMonitored().Value![0];
        return Gathered<IReadOnlyList<TrailMonitoring>>.Ok([trail with { Monitoring = Gathered<TrailLogMonitoring>.Ok(trail.Monitoring.Value! with { Alarms = alarms }) }]);
    }
}
