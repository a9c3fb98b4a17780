using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// What keeps a scheduled run to one audit and makes every failure seen, in both builds of the template: no automatic
/// retries of the audit or dispatch, a failure destination and an <c>Errors</c> alarm for every function, one audit
/// of an account at a time, the audit queue FIFO; and what keeps secrets and records: the external id never echoed,
/// the log groups kept when the stack goes.
/// </summary>
public sealed class ReliabilityTemplateTests
{
    [Theory]
    [MemberData(nameof(SamTemplate.TemplateFiles), MemberType = typeof(SamTemplate))]
    public void The_audit_and_dispatch_are_never_retried_and_a_failed_run_goes_to_the_failure_queue(string file)
    {
        foreach (var id in new[] { "AuditFunction", "DispatchFunction" })
        {
            var properties = Function(SamTemplate.Load(file), id);
            var config = properties.Map("EventInvokeConfig")!;
            Assert.Equal("0", config.Plain("MaximumRetryAttempts"));
            var onFailure = config.Map("DestinationConfig").Map("OnFailure")!;
            Assert.Equal("SQS", onFailure.Plain("Type"));
            Assert.Equal("FailedInvocationQueue.Arn", onFailure.Get("Destination")!.ToString());
            Assert.Equal("1", properties.Plain("ReservedConcurrentExecutions"));
        }
    }

    [Theory]
    [MemberData(nameof(SamTemplate.TemplateFiles), MemberType = typeof(SamTemplate))]
    public void Every_function_has_an_errors_alarm_and_somewhere_its_failed_events_are_kept(string file)
    {
        var template = SamTemplate.Load(file);
        var alarmed = SamTemplate.Resources(template)
            .Where(r => r.Resource.Plain("Type") == "AWS::CloudWatch::Alarm" && r.Resource.Map("Properties")!.Plain("MetricName") == "Errors")
            .Select(r => ((YamlSequenceNode)r.Resource.Map("Properties")!.Get("Dimensions")!).Children[0].Get("Value")!.ToString())
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (id, function) in SamTemplate.Functions(template))
        {
            Assert.Contains(id, alarmed);
            var properties = function.Map("Properties")!;
            var kept = properties.Map("EventInvokeConfig").Map("DestinationConfig").Map("OnFailure") is not null
                || properties.Map("DeadLetterQueue") is not null
                || properties.Map("Events")!.Children.Values.Any(e => e.Plain("Type") == "SQS");
            Assert.True(kept, $"{id}: a failed event is kept nowhere (no failure destination, dead-letter queue or SQS redrive)");
        }
    }

    [Fact]
    public void The_audit_queue_is_fifo_so_one_accounts_audits_never_overlap_and_a_run_queues_each_account_once()
    {
        var resources = SamTemplate.Resources(SamTemplate.Load()).ToDictionary(r => r.LogicalId, r => r.Resource, StringComparer.Ordinal);

        Assert.Equal("true", resources["AuditQueue"].Map("Properties")!.Plain("FifoQueue"));
        Assert.Equal("true", resources["AuditDeadLetterQueue"].Map("Properties")!.Plain("FifoQueue"));
        Assert.Equal("WorkerConcurrency", Function(SamTemplate.Load(), "WorkerFunction").Get("ReservedConcurrentExecutions")!.ToString());
    }

    [Fact]
    public void The_external_id_is_never_echoed_and_the_log_groups_outlive_the_stack()
    {
        var template = SamTemplate.Load();

        Assert.Equal("true", template.Map("Parameters").Map("ExternalId")!.Plain("NoEcho"));
        var groups = SamTemplate.Resources(template).Where(r => r.Resource.Plain("Type") == "AWS::Logs::LogGroup").ToList();
        Assert.NotEmpty(groups);
        Assert.All(groups, g =>
        {
            Assert.Equal("Retain", g.Resource.Plain("DeletionPolicy"));
            Assert.Equal("Retain", g.Resource.Plain("UpdateReplacePolicy"));
        });
    }

    private static YamlMappingNode Function(YamlMappingNode template, string id) =>
        SamTemplate.Functions(template).Single(f => f.LogicalId == id).Resource.Map("Properties")!;
}
