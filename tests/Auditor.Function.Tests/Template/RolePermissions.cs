using Auditor.Aws.Http;
using Auditor.Function.Functions;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// The permissions a role in a template grants, as (action, resource) pairs, and what a function's code needs: the
/// operations its registration declares, plus what Lambda itself needs for the function's trigger and dead-letter
/// queue (reading its SQS queue, sending to its dead-letter queue). Resources are compared as the template writes
/// them: <c>*</c>, the text of a <c>!Sub</c>, or <c>!GetAtt X.Arn</c>.
/// </summary>
public static class RolePermissions
{
    /// <summary>The managed policy every function role carries: its CloudWatch Logs, nothing else.</summary>
    public const string BasicExecutionRole = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    /// <summary>What Lambda's SQS event source needs from the function's role on the queue.</summary>
    public static readonly string[] SqsTriggerActions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

    public sealed record Grant(string Action, string Resource)
    {
        public override string ToString() => $"{Action} on {Resource}";
    }

    /// <summary>The grants an operation needs; none for an operation that needs no permission.</summary>
    public static IEnumerable<Grant> Of(IEnumerable<AwsOperation> operations) =>
        operations.Where(o => o.IamAction is not null).Select(o => new Grant(o.IamAction!, o.Resource)).Distinct();

    /// <summary>
    /// Everything on which the functions' roles and the function table disagree: a permission granted that no code
    /// needs, one needed that is not granted, a role without the basic execution policy, or with another managed policy.
    /// </summary>
    public static IReadOnlyList<string> Problems(YamlMappingNode template, IReadOnlyList<FunctionRegistration> registrations)
    {
        var problems = new List<string>();
        var resources = SamTemplate.Resources(template).ToDictionary(r => r.LogicalId, r => r.Resource, StringComparer.Ordinal);
        foreach (var (id, function) in SamTemplate.Functions(template))
        {
            var properties = function.Map("Properties");
            var name = properties.Map("Environment").Map("Variables").Plain(Functions.FunctionTable.SelectorVariable);
            var registration = registrations.FirstOrDefault(r => r.Name == name);
            if (registration is null)
            {
                continue;
            }

            if (properties.Get("Role") is not YamlScalarNode { Tag.Value: "!GetAtt" } roleRef || !roleRef.Value!.EndsWith(".Arn", StringComparison.Ordinal))
            {
                problems.Add($"{id}: Role must be !GetAtt <a role of this template>.Arn, so its permissions can be read");
                continue;
            }

            var roleId = roleRef.Value![..^4];
            if (!resources.TryGetValue(roleId, out var role))
            {
                problems.Add($"{id}: its role {roleId} is not a resource of the template");
                continue;
            }

            var needed = Of(registration.Operations).Concat(PlatformGrants(properties)).ToHashSet();
            Compare($"{id} ({name}) role {roleId}", Granted(roleId, role, resources), needed, problems);
            ManagedPolicyProblems(roleId, role, problems);
        }

        return problems;
    }

    /// <summary>Where the member role (member-role.yaml's AuditRole) and what the worker's audits call disagree.</summary>
    public static IReadOnlyList<string> MemberRoleProblems(YamlMappingNode memberTemplate, FunctionRegistration worker)
    {
        var problems = new List<string>();
        var resources = SamTemplate.Resources(memberTemplate).ToDictionary(r => r.LogicalId, r => r.Resource, StringComparer.Ordinal);
        Compare("member-role.yaml AuditRole", Granted("AuditRole", resources["AuditRole"], resources), Of(worker.MemberAccountOperations).ToHashSet(), problems);
        return problems;
    }

    /// <summary>Every (action, resource) a role's own policies and the template's policies attached to it allow.</summary>
    public static HashSet<Grant> Granted(string roleId, YamlMappingNode role, IReadOnlyDictionary<string, YamlMappingNode> resources)
    {
        var documents = new List<YamlNode>();
        if (role.Map("Properties").Get("Policies") is YamlSequenceNode policies)
        {
            documents.AddRange(policies.Children.Select(p => p.Get("PolicyDocument")).OfType<YamlNode>());
        }

        // AWS::IAM::RolePolicy and AWS::IAM::Policy resources that name the role.
        foreach (var (_, resource) in resources)
        {
            var type = resource.Plain("Type");
            var properties = resource.Map("Properties");
            var attached = type == "AWS::IAM::RolePolicy" && IsRef(properties.Get("RoleName"), roleId)
                || type == "AWS::IAM::Policy" && properties.Get("Roles") is YamlSequenceNode roles && roles.Children.Any(r => IsRef(r, roleId));
            if (attached && properties.Get("PolicyDocument") is { } document)
            {
                documents.Add(document);
            }
        }

        var grants = new HashSet<Grant>();
        foreach (var statement in documents.SelectMany(d => d.Get("Statement") is YamlSequenceNode s ? s.Children : []))
        {
            if (statement.Plain("Effect") != "Allow")
            {
                continue;
            }

            var actions = Values(statement.Get("Action")).ToList();
            var targets = Values(statement.Get("Resource")).ToList();
            foreach (var action in actions)
            {
                foreach (var target in targets.Count == 0 ? ["(no Resource)"] : targets)
                {
                    grants.Add(new Grant(action, target));
                }
            }
        }

        return grants;
    }

    /// <summary>What Lambda needs for the function's own plumbing: its SQS trigger's queue, its dead-letter queue and failure destination.</summary>
    private static IEnumerable<Grant> PlatformGrants(YamlMappingNode? properties)
    {
        foreach (var trigger in properties.Map("Events")?.Children.Values ?? Enumerable.Empty<YamlNode>())
        {
            if (trigger.Plain("Type") == "SQS" && trigger.Map("Properties")?.Get("Queue") is { } queue)
            {
                foreach (var action in SqsTriggerActions)
                {
                    yield return new Grant(action, Text(queue));
                }
            }
        }

        if (properties.Map("DeadLetterQueue") is { } deadLetters && deadLetters.Plain("Type") == "SQS" && deadLetters.Get("TargetArn") is { } target)
        {
            yield return new Grant("sqs:SendMessage", Text(target));
        }

        // Lambda sends a failed asynchronous invocation to its failure destination with the function's role.
        if (properties.Map("EventInvokeConfig").Map("DestinationConfig").Map("OnFailure") is { } onFailure && onFailure.Plain("Type") == "SQS" && onFailure.Get("Destination") is { } destination)
        {
            yield return new Grant("sqs:SendMessage", Text(destination));
        }
    }

    private static void Compare(string where, HashSet<Grant> granted, HashSet<Grant> needed, List<string> problems)
    {
        foreach (var extra in granted.Except(needed).OrderBy(g => g.ToString(), StringComparer.Ordinal))
        {
            problems.Add($"{where} grants {extra}, which no code of the function calls (more than it needs)");
        }

        foreach (var missing in needed.Except(granted).OrderBy(g => g.ToString(), StringComparer.Ordinal))
        {
            problems.Add($"{where} does not grant {missing}, which the function's code calls");
        }
    }

    private static void ManagedPolicyProblems(string roleId, YamlMappingNode role, List<string> problems)
    {
        var managed = role.Map("Properties").Get("ManagedPolicyArns") is YamlSequenceNode arns ? arns.Children.Select(Text).ToList() : [];
        if (managed.Count != 1 || managed[0] != BasicExecutionRole)
        {
            problems.Add($"{roleId}: ManagedPolicyArns must be exactly AWSLambdaBasicExecutionRole (its logs), not [{string.Join(", ", managed)}]");
        }
    }

    private static bool IsRef(YamlNode? node, string id) => node is YamlScalarNode { Tag.IsEmpty: false, Tag.IsNonSpecific: false } scalar && scalar.Tag.Value == "!Ref" && scalar.Value == id;

    private static IEnumerable<string> Values(YamlNode? node) => node switch
    {
        null => [],
        YamlSequenceNode sequence => sequence.Children.Select(Text),
        _ => [Text(node)],
    };

    /// <summary>A resource as the operations write it: plain text, the text of a !Sub, or "!GetAtt X.Arn" / "!Ref X".</summary>
    public static string Text(YamlNode node) => node switch
    {
        // A quoted scalar ("*") carries a non-specific tag, which has no value to read.
        YamlScalarNode { Tag.IsEmpty: true } or YamlScalarNode { Tag.IsNonSpecific: true } => ((YamlScalarNode)node).Value ?? string.Empty,
        YamlScalarNode { Tag.Value: "!Sub" } scalar => scalar.Value ?? string.Empty,
        YamlScalarNode scalar => $"{scalar.Tag.Value} {scalar.Value}",
        _ => node.ToString(),
    };
}
