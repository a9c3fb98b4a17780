using Auditor.Aws.Suppressions;
using Auditor.Testing;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// Organization mode in template.yaml and member-role.yaml: the queue, dead-letter queue, worker trigger and roles are
/// wired as the design says, and the member role allows exactly what the audit reads plus the account's own findings.
/// </summary>
public sealed class OrganizationTemplateTests
{
    private static readonly YamlMappingNode Template = SamTemplate.Load();

    private static YamlMappingNode Resource(YamlMappingNode template, string id) =>
        SamTemplate.Resources(template).Single(r => r.LogicalId == id).Resource;

    private static int Int(YamlNode? node, string key) => int.Parse(node.Plain(key)!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_queue_hides_a_message_for_at_least_six_worker_timeouts_and_dead_letters_it_after_three_receives()
    {
        var worker = Resource(Template, "WorkerFunction").Map("Properties")!;
        var queue = Resource(Template, "AuditQueue").Map("Properties")!;

        Assert.True(Int(queue, "VisibilityTimeout") >= 6 * Int(worker, "Timeout"), "VisibilityTimeout < 6 x the worker's Timeout");
        var redrive = queue.Map("RedrivePolicy")!;
        Assert.Equal(3, Int(redrive, "maxReceiveCount"));
        Assert.Equal("AuditDeadLetterQueue.Arn", redrive.Get("deadLetterTargetArn")!.ToString());
        Assert.True(Int(Resource(Template, "AuditDeadLetterQueue").Map("Properties"), "MessageRetentionPeriod") > Int(queue, "MessageRetentionPeriod"));
    }

    [Fact]
    public void The_worker_reports_batch_item_failures_with_bounded_concurrency()
    {
        var trigger = Resource(Template, "WorkerFunction").Map("Properties").Map("Events")!.Children.Values.Single().Map("Properties")!;

        Assert.Equal("AuditQueue.Arn", trigger.Get("Queue")!.ToString());
        Assert.Equal(["ReportBatchItemFailures"], ((YamlSequenceNode)trigger.Get("FunctionResponseTypes")!).Children.Select(c => c.ToString()));
        var concurrency = trigger.Map("ScalingConfig")!.Get("MaximumConcurrency")!;
        Assert.Equal("!Ref", concurrency.Tag.Value);
        Assert.Equal("WorkerConcurrency", concurrency.ToString());
        var parameter = Template.Map("Parameters").Map("WorkerConcurrency")!;
        Assert.Equal((2, 1000), (Int(parameter, "MinValue"), Int(parameter, "MaxValue")));
    }

    [Fact]
    public void The_dead_letter_queue_has_an_alarm()
    {
        var alarm = Resource(Template, "DeadLetterAlarm").Map("Properties")!;

        Assert.Equal("ApproximateNumberOfMessagesVisible", alarm.Plain("MetricName"));
        Assert.Equal("GreaterThanThreshold", alarm.Plain("ComparisonOperator"));
        Assert.Equal(0, Int(alarm, "Threshold"));
        Assert.Equal("AuditDeadLetterQueue.QueueName", ((YamlSequenceNode)alarm.Get("Dimensions")!).Children[0].Get("Value")!.ToString());
    }

    [Fact]
    public void Each_function_gets_only_what_it_calls()
    {
        var dispatch = SamTemplate.PolicyActions(Wrap("DispatchFunctionRole", Resource(Template, "DispatchFunctionRole")));
        // sqs:SendMessage twice: to the audit queue, and (Lambda's, for a failed run) to the failed-invocation queue.
        Assert.Equal(["organizations:ListAccounts", "sqs:SendMessage", "sqs:SendMessage", "sts:AssumeRole"], dispatch.Select(a => a.Action).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(SamTemplate.PolicyActions(Wrap("AuditFunctionRole", Resource(Template, "AuditFunctionRole"))), a => a.Action is "organizations:ListAccounts");

        var worker = SamTemplate.PolicyActions(Wrap("WorkerFunctionRole", Resource(Template, "WorkerFunctionRole")));
        Assert.Equal(
            ["organizations:DescribeAccount", "s3:GetObject", "s3:ListBucket", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage", "sts:AssumeRole", "sts:AssumeRole"],
            worker.Select(a => a.Action).Order(StringComparer.Ordinal));
        var assume = ((YamlSequenceNode)Resource(Template, "WorkerFunctionRole").Map("Properties").Get("Policies")!).Children[0].Map("PolicyDocument")!.Get("Statement") as YamlSequenceNode;
        var statement = assume!.Children.Single(s => s.Plain("Action") == "sts:AssumeRole");
        Assert.Equal("arn:${AWS::Partition}:iam::*:role/${AuditRoleName}", statement.Get("Resource")!.ToString());
    }

    [Fact]
    public void The_member_role_allows_what_the_audit_role_allows_on_its_own_account()
    {
        var member = SamTemplate.Parse(File.ReadAllText(RepositoryPaths.Of("member-role.yaml")));
        var resources = SamTemplate.Resources(member).ToDictionary(r => r.LogicalId, r => r.Resource, StringComparer.Ordinal);
        var auditResources = SamTemplate.Resources(Template).ToDictionary(r => r.LogicalId, r => r.Resource, StringComparer.Ordinal);

        var granted = RolePermissions.Granted("AuditRole", resources["AuditRole"], resources);
        // Less what Lambda needs for the audit function's own failure destination, which a member account has not, and
        // the report bucket, the auditing account's: the audit function reads the accepted risks there, a member role does not.
        var bucket = RolePermissions.Of(SuppressionsReader.Operations).ToHashSet();
        var audit = RolePermissions.Granted("AuditFunctionRole", auditResources["AuditFunctionRole"], auditResources)
            .Where(g => !bucket.Contains(g) && g != new RolePermissions.Grant("sqs:SendMessage", "!GetAtt FailedInvocationQueue.Arn")).ToHashSet();

        Assert.Equal(audit.OrderBy(g => g.ToString(), StringComparer.Ordinal), granted.OrderBy(g => g.ToString(), StringComparer.Ordinal));
        Assert.Contains(new RolePermissions.Grant("securityhub:BatchImportFindings", "arn:${AWS::Partition}:securityhub:*:${AWS::AccountId}:product/${AWS::AccountId}/default"), granted);
        Assert.Empty(SamTemplate.WildcardActionProblems(member));
    }

    [Fact]
    public void The_member_role_trusts_only_the_worker_role_and_only_with_the_external_id()
    {
        var member = SamTemplate.Parse(File.ReadAllText(RepositoryPaths.Of("member-role.yaml")));
        var trust = Resource(member, "AuditRole").Map("Properties").Map("AssumeRolePolicyDocument")!;

        var statement = Assert.Single(((YamlSequenceNode)trust.Get("Statement")!).Children);
        Assert.Equal("Allow", statement.Plain("Effect"));
        Assert.Equal("sts:AssumeRole", statement.Plain("Action"));
        var principal = statement.Map("Principal")!;
        Assert.Equal(["AWS"], principal.Children.Keys.Select(k => k.ToString()));
        Assert.Equal("AuditorWorkerRoleArn", principal.Get("AWS")!.ToString());
        var externalId = statement.Map("Condition").Map("StringEquals")!.Get("sts:ExternalId")!;
        Assert.Equal("!Ref", externalId.Tag.Value);
        Assert.Equal("ExternalId", externalId.ToString());
    }

    [Fact]
    public void The_worker_reads_its_role_name_and_external_id_from_the_same_parameters_as_the_member_template()
    {
        var variables = Resource(Template, "WorkerFunction").Map("Properties").Map("Environment").Map("Variables")!;

        Assert.Equal("AuditRoleName", variables.Get("AUDIT_ROLE_NAME")!.ToString());
        Assert.Equal("ExternalId", variables.Get("AUDIT_EXTERNAL_ID")!.ToString());
        var member = SamTemplate.Parse(File.ReadAllText(RepositoryPaths.Of("member-role.yaml")));
        Assert.Equal(Template.Map("Parameters").Map("AuditRoleName").Plain("Default"), member.Map("Parameters").Map("AuditRoleName").Plain("Default"));
    }

    private static YamlMappingNode Wrap(string id, YamlNode resource) =>
        new(new YamlScalarNode("Resources"), new YamlMappingNode(new YamlScalarNode(id), resource));
}
