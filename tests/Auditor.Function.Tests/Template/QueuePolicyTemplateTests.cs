using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// The queues' resource policies in template.yaml: only the dispatcher's role may send to the audit queue, every
/// queue refuses plain HTTP, and the root-alert dead-letter queue takes undelivered events from its one rule only.
/// </summary>
public sealed class QueuePolicyTemplateTests
{
    private static readonly YamlMappingNode Template = SamTemplate.Load();

    [Fact]
    public void Only_the_dispatchers_role_may_send_to_the_audit_queue()
    {
        var statement = Statements(PolicyOf("AuditQueue")).Single(s => s.Plain("Sid") == "OnlyTheDispatcherSends");

        Assert.Equal("Deny", statement.Plain("Effect"));
        Assert.Equal("*", statement.Get("Principal")!.ToString());
        Assert.Equal("sqs:SendMessage", statement.Plain("Action"));
        Assert.Equal("AuditQueue.Arn", statement.Get("Resource")!.ToString());
        Assert.Equal("DispatchFunctionRole.Arn", statement.Map("Condition").Map("ArnNotEquals")!.Get("aws:PrincipalArn")!.ToString());
    }

    [Fact]
    public void Every_queue_refuses_plain_http()
    {
        var queues = SamTemplate.Resources(Template).Where(r => r.Resource.Plain("Type") == "AWS::SQS::Queue").Select(r => r.LogicalId).ToList();
        Assert.NotEmpty(queues);

        foreach (var queue in queues)
        {
            var deny = Statements(PolicyOf(queue)).SingleOrDefault(s => s.Plain("Sid") == "RefusePlainHttp");
            Assert.True(deny is not null, $"{queue} has no statement refusing plain HTTP");
            Assert.Equal("Deny", deny.Plain("Effect"));
            Assert.Equal("sqs:*", deny.Plain("Action"));
            Assert.Equal($"{queue}.Arn", deny.Get("Resource")!.ToString());
            Assert.Equal("false", deny.Map("Condition").Map("Bool")!.Plain("aws:SecureTransport"));
        }
    }

    [Fact]
    public void The_root_alert_dead_letter_queue_takes_events_from_its_one_rule_only()
    {
        var allow = Statements(PolicyOf("RootAlertDeadLetterQueue")).Single(s => s.Plain("Effect") == "Allow");

        Assert.Equal("sqs:SendMessage", allow.Plain("Action"));
        Assert.Equal("events.amazonaws.com", allow.Map("Principal")!.Plain("Service"));
        var condition = Assert.Single(allow.Map("Condition")!.Children);
        Assert.Equal("ArnEquals", condition.Key.ToString());
        // SAM names the rule of RootAlertFunction's RootActivity event RootAlertFunctionRootActivity.
        Assert.Equal("RootAlertFunctionRootActivity.Arn", condition.Value.Get("aws:SourceArn")!.ToString());
        Assert.Contains("RootActivity", SamTemplate.Functions(Template).Single(f => f.LogicalId == "RootAlertFunction").Resource.Map("Properties").Map("Events")!.Children.Keys.Select(k => k.ToString()));
    }

    private static YamlMappingNode PolicyOf(string queue) =>
        SamTemplate.Resources(Template)
            .Where(r => r.Resource.Plain("Type") == "AWS::SQS::QueuePolicy")
            .Select(r => r.Resource)
            .SingleOrDefault(r => ((YamlSequenceNode)r.Map("Properties")!.Get("Queues")!).Children.Any(q => q.ToString() == queue))
            ?? throw new Xunit.Sdk.XunitException($"{queue} has no queue policy");

    private static IEnumerable<YamlMappingNode> Statements(YamlMappingNode policy) =>
        ((YamlSequenceNode)policy.Map("Properties").Map("PolicyDocument")!.Get("Statement")!).Children.Cast<YamlMappingNode>();
}
