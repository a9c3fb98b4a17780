using Auditor.Function.Configuration;
using Auditor.Function.Functions;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>The root-alert function in template.yaml: its EventBridge rule, its variables, its least-privilege role; and the audit role's new reads.</summary>
public sealed class RootAlertTemplateTests
{
    [Theory]
    [InlineData("template.yaml", "dotnet10")]
    [InlineData(NativeAotTemplate.FileName, "provided.al2023")]
    public void Each_build_of_the_root_alert_is_bound_to_an_eventbridge_rule_on_root_cloudtrail_events(string file, string runtime)
    {
        var template = SamTemplate.Load(file);
        var properties = Properties(template, "RootAlertFunction");

        Assert.Equal(runtime, properties.Plain("Runtime"));
        Assert.Null(SamTemplate.Functions(template).Single(f => f.LogicalId == "RootAlertFunction").Resource.Plain("Condition"));

        Assert.Equal(RootActivityAlertFunction.Name, properties.Map("Environment").Map("Variables").Plain(FunctionTable.SelectorVariable));
        Assert.Equal("EventBridgeRule", FunctionTable.Find(RootActivityAlertFunction.Name)!.TriggerType);
        var rule = Assert.Single(properties.Map("Events")!.Children.Values);
        Assert.Equal("EventBridgeRule", rule.Plain("Type"));
        var pattern = rule.Map("Properties").Map("Pattern")!;
        Assert.Equal(["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"], Strings(pattern.Get("detail-type")!));
        Assert.Equal(["Root"], Strings(pattern.Map("detail").Map("userIdentity").Get("type")!));
        Assert.Equal("RootAlertDeadLetterQueue.Arn", ((YamlScalarNode)rule.Map("Properties").Map("DeadLetterConfig").Get("Arn")!).Value);
        Assert.Equal("RootAlertDeadLetterQueue.Arn", ((YamlScalarNode)properties.Map("DeadLetterQueue").Get("TargetArn")!).Value);
    }

    [Fact]
    public void Root_alert_function_gets_every_variable_it_reads_and_the_audit_its_retention()
    {
        var template = SamTemplate.Load();

        Assert.Empty(SamTemplate.ConsistencyProblems(template, FunctionTable.All));
        var globals = template.Map("Globals").Map("Function").Map("Environment").Map("Variables")!.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
        Assert.Superset(RootAlertConfiguration.Variables.ToHashSet(), globals);
        Assert.Contains(AuditorConfiguration.RootEventRetentionDays, globals);
        Assert.Equal("60", Properties(template, "RootAlertFunction").Plain("Timeout"));
    }

    [Fact]
    public void Root_alert_role_may_only_read_the_hub_and_import_its_own_findings()
    {
        var actions = SamTemplate.PolicyActions(SamTemplate.Load()).Where(a => a.Where.StartsWith("RootAlertFunctionRole", StringComparison.Ordinal)).Select(a => a.Action).Order(StringComparer.Ordinal);

        // The last one is the trust policy's (Lambda assumes the role); the rest is what RolePermissions derives too.
        Assert.Equal(["securityhub:BatchImportFindings", "securityhub:DescribeHub", "securityhub:GetFindings", "sqs:SendMessage", "sts:AssumeRole"], actions);
    }

    [Fact]
    public void A_root_event_left_in_the_dead_letter_queue_raises_an_alarm_in_every_deployment()
    {
        var template = SamTemplate.Load();
        var resource = SamTemplate.Resources(template).Single(r => r.LogicalId == "RootAlertDeadLetterAlarm").Resource;
        var alarm = resource.Map("Properties")!;

        Assert.Equal("AWS::CloudWatch::Alarm", resource.Plain("Type"));
        Assert.Null(resource.Get("Condition"));
        Assert.Equal(("AWS/SQS", "ApproximateNumberOfMessagesVisible"), (alarm.Plain("Namespace"), alarm.Plain("MetricName")));
        Assert.Equal(("GreaterThanThreshold", "0"), (alarm.Plain("ComparisonOperator"), alarm.Plain("Threshold")));
        Assert.Equal("RootAlertDeadLetterQueue.QueueName", ((YamlSequenceNode)alarm.Get("Dimensions")!).Children[0].Get("Value")!.ToString());
        Assert.Contains("AlarmTopicArn", alarm.Get("AlarmActions")!.ToString(), StringComparison.Ordinal);
    }

    private static YamlMappingNode Properties(YamlMappingNode template, string logicalId) =>
        SamTemplate.Functions(template).Single(f => f.LogicalId == logicalId).Resource.Map("Properties")!;

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
}
