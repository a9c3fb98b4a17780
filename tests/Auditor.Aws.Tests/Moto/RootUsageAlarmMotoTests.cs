using System.Text.Json.Nodes;
using Auditor.Aws.Auditing;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Auditing;
using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>
/// root.usage-alarm against moto, which implements every call it needs: CloudTrail DescribeTrails and
/// GetTrailStatus, CloudWatch Logs DescribeMetricFilters, CloudWatch DescribeAlarms (query protocol).
/// The account is built with boto3 through moto_world's /_auditor/call.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class RootUsageAlarmMotoTests(MotoServer moto) : IAsyncLifetime
{
    private const string LogGroup = "aws-cloudtrail-logs-123456789012";
    private const string Metric = "RootAccountUsage";
    private const string Namespace = "CISBenchmark";

    public async Task InitializeAsync()
    {
        await moto.ResetAsync();
        await moto.SeedAsync("""{"securityHubRegions":["us-east-1"]}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Clients_read_the_shadow_trail_its_status_its_log_groups_filters_and_the_alarms()
    {
        var trailArn = await CreateTrailAsync();
        await PutRootUsageFilterAsync();
        var topic = await PutAlarmAsync(withAction: true);
        var clients = TestClients.ForMoto(moto);

        // A multi-region trail is seen from every region, with its home region.
        var trail = Assert.Single(await clients.CloudTrail("eu-west-1").DescribeTrailsAsync(CancellationToken.None));
        Assert.Equal("organization-trail", trail.Name);
        Assert.Equal(trailArn, trail.TrailArn);
        Assert.Equal("us-east-1", trail.HomeRegion);
        Assert.True(trail.IsMultiRegionTrail);
        Assert.Equal((LogGroup, "us-east-1"), trail.LogGroup);

        Assert.True((await clients.CloudTrail("us-east-1").GetTrailStatusAsync(trailArn, CancellationToken.None)).IsLogging);

        var filter = Assert.Single(await clients.CloudWatchLogs("us-east-1").DescribeMetricFiltersAsync(LogGroup, CancellationToken.None));
        Assert.Equal("root-usage", filter.FilterName);
        Assert.Equal(RootUsageFilterPattern.Cis, filter.FilterPattern);
        Assert.Equal([new MetricId(Namespace, Metric)], filter.Metrics);

        var alarm = Assert.Single(await clients.CloudWatch("us-east-1").DescribeAlarmsAsync(CancellationToken.None));
        Assert.Equal("root-usage", alarm.AlarmName);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-usage", alarm.AlarmArn);
        Assert.Equal([new MetricId(Namespace, Metric)], alarm.Metrics);
        Assert.True(alarm.ActionsEnabled);
        Assert.Equal([topic], alarm.AlarmActions);
        Assert.Equal(1, clients.CallsOf("monitoring:DescribeAlarms"));
    }

    [Fact]
    public async Task Without_the_metric_filter_and_alarm_the_check_fails_and_with_them_the_same_finding_passes()
    {
        await CreateTrailAsync();

        var without = await AuditAsync();

        Assert.Equal("FAILED", Assert.Single(without.Findings).Compliance!.Status);
        var stored = Assert.Single(await moto.FindingsAsync());
        Assert.Equal("root.usage-alarm", stored["GeneratorId"]!.GetValue<string>());
        Assert.Equal("FAILED", stored["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal("LOW", stored["Severity"]!["Label"]!.GetValue<string>());
        Assert.Contains("has no metric filter", stored["Description"]!.GetValue<string>(), StringComparison.Ordinal);

        await PutRootUsageFilterAsync();
        await PutAlarmAsync(withAction: true);
        var with = await AuditAsync();

        Assert.Equal("PASSED", Assert.Single(with.Findings).Compliance!.Status);
        Assert.Equal(1, with.Updated);
        var passed = Assert.Single(await moto.FindingsAsync());
        Assert.Equal(stored["Id"]!.GetValue<string>(), passed["Id"]!.GetValue<string>());
        Assert.Equal("PASSED", passed["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal("CloudWatch.1", passed["ProductFields"]!["auditor/SecurityHubControlId"]!.GetValue<string>());
        Assert.Equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:root-usage", passed["ProductFields"]!["auditor/Alarm"]!.GetValue<string>());
        Assert.Equal(["CIS AWS Foundations Benchmark v1.4.0/4.3"], passed["Compliance"]!["RelatedRequirements"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task An_account_without_any_trail_fails()
    {
        var outcome = await AuditAsync();

        var finding = Assert.Single(outcome.Findings);
        Assert.Equal("FAILED", finding.Compliance!.Status);
        Assert.Contains("no CloudTrail trail", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alarm_without_an_action_fails()
    {
        await CreateTrailAsync();
        await PutRootUsageFilterAsync();
        await PutAlarmAsync(withAction: false);

        var finding = Assert.Single((await AuditAsync()).Findings);

        Assert.Equal("FAILED", finding.Compliance!.Status);
        Assert.Contains("has no enabled action", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trail_that_stopped_logging_fails()
    {
        await CreateTrailAsync();
        await PutRootUsageFilterAsync();
        await PutAlarmAsync(withAction: true);
        await moto.CallAsync("cloudtrail", "stop_logging", new JsonObject { ["Name"] = "organization-trail" });

        var finding = Assert.Single((await AuditAsync()).Findings);

        Assert.Equal("FAILED", finding.Compliance!.Status);
        Assert.Contains("is not logging", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_region_trail_does_not_count()
    {
        await CreateTrailAsync(multiRegion: false);
        await PutRootUsageFilterAsync();
        await PutAlarmAsync(withAction: true);

        Assert.Equal("FAILED", Assert.Single((await AuditAsync()).Findings).Compliance!.Status);
    }

    [Fact]
    public async Task A_log_group_in_another_account_cannot_be_judged_here()
    {
        await CreateTrailAsync(logGroupArn: "arn:aws:logs:us-east-1:210987654321:log-group:org-trail:*");
        var clients = TestClients.ForMoto(moto);

        var snapshot = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [EvidenceKinds.RootUsageMonitoring]);

        var trail = Assert.Single(snapshot.RootUsageMonitoring.Value!);
        Assert.Equal("OtherAccount", trail.Monitoring.FailureCode);
        Assert.Equal(0, clients.CallsOf("logs:DescribeMetricFilters"));
        var result = Assert.Single(CheckCatalog.Find("root.usage-alarm")!.Evaluate(snapshot, AuditSettings.Default, DateTimeOffset.UtcNow));
        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Contains("210987654321", result.Description, StringComparison.Ordinal);
    }

    private async Task<AuditOutcome> AuditAsync() =>
        await new AccountAuditor(TestClients.ForMoto(moto), new AuditorOptions(), TimeProvider.System)
            .RunAsync(new AuditRequest(["us-east-1"], ["root.usage-alarm"], false), CancellationToken.None);

    private async Task<string> CreateTrailAsync(bool multiRegion = true, string? logGroupArn = null)
    {
        await moto.CallAsync("s3", "create_bucket", new JsonObject { ["Bucket"] = "auditor-trail-logs-123456789012" });
        if (logGroupArn is null)
        {
            await moto.CallAsync("logs", "create_log_group", new JsonObject { ["logGroupName"] = LogGroup });
            var groups = await moto.CallAsync("logs", "describe_log_groups", new JsonObject { ["logGroupNamePrefix"] = LogGroup });
            logGroupArn = groups!["logGroups"]![0]!["arn"]!.GetValue<string>();
        }

        var trail = await moto.CallAsync("cloudtrail", "create_trail", new JsonObject
        {
            ["Name"] = "organization-trail",
            ["S3BucketName"] = "auditor-trail-logs-123456789012",
            ["IsMultiRegionTrail"] = multiRegion,
            ["CloudWatchLogsLogGroupArn"] = logGroupArn,
            ["CloudWatchLogsRoleArn"] = "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role",
        });
        await moto.CallAsync("cloudtrail", "start_logging", new JsonObject { ["Name"] = "organization-trail" });
        return trail!["TrailARN"]!.GetValue<string>();
    }

    private Task<JsonNode?> PutRootUsageFilterAsync() =>
        moto.CallAsync("logs", "put_metric_filter", new JsonObject
        {
            ["logGroupName"] = LogGroup,
            ["filterName"] = "root-usage",
            ["filterPattern"] = RootUsageFilterPattern.Cis,
            ["metricTransformations"] = new JsonArray(new JsonObject { ["metricName"] = Metric, ["metricNamespace"] = Namespace, ["metricValue"] = "1" }),
        });

    private async Task<string> PutAlarmAsync(bool withAction)
    {
        var topic = (await moto.CallAsync("sns", "create_topic", new JsonObject { ["Name"] = "security-alerts" }))!["TopicArn"]!.GetValue<string>();
        var alarm = new JsonObject
        {
            ["AlarmName"] = "root-usage",
            ["MetricName"] = Metric,
            ["Namespace"] = Namespace,
            ["Statistic"] = "Sum",
            ["Period"] = 300,
            ["EvaluationPeriods"] = 1,
            ["Threshold"] = 1,
            ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
            ["TreatMissingData"] = "notBreaching",
        };
        if (withAction)
        {
            alarm["AlarmActions"] = new JsonArray(topic);
        }

        await moto.CallAsync("cloudwatch", "put_metric_alarm", alarm);
        return topic;
    }
}
