using Auditor.Function.Functions;
using Auditor.Testing;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// template.yaml read with YamlDotNet's representation model: CloudFormation's short tags (!Ref, !Sub, !GetAtt,
/// !If…) stay tags on the nodes, so nothing needs to understand them to read the structure.
/// </summary>
public static class SamTemplate
{
    public const string FunctionType = "AWS::Serverless::Function";
    public const string ExpectedHandler = "Auditor.Function";
    public const string ExpectedRuntime = "dotnet10";

    /// <summary>The Native AOT build of the same executable: provided.al2023 runs the file named bootstrap.</summary>
    public const string NativeAotRuntime = "provided.al2023";
    public const string NativeAotHandler = "bootstrap";

    public static string Path => RepositoryPaths.Of("template.yaml");

    public static YamlMappingNode Load() => Parse(File.ReadAllText(Path));

    /// <summary>Both deployable templates: template.yaml (managed, the default) and template.native-aot.yaml.</summary>
    public static TheoryData<string> TemplateFiles => ["template.yaml", NativeAotTemplate.FileName];

    public static YamlMappingNode Load(string fileName) => Parse(File.ReadAllText(RepositoryPaths.Of(fileName)));

    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Map(this YamlNode? node, string key) => node.Get(key) as YamlMappingNode;

    /// <summary>A plain string value; null when absent, not a scalar, or an intrinsic function (a tagged node).</summary>
    public static string? Plain(this YamlNode? node, string key) =>
        node.Get(key) is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;

    public static IEnumerable<(string LogicalId, YamlMappingNode Resource)> Resources(YamlMappingNode template) =>
        template.Map("Resources")?.Children
            .Where(c => c.Value is YamlMappingNode)
            .Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value))
        ?? [];

    /// <summary>Every AWS::Serverless::Function resource, by logical id.</summary>
    public static IEnumerable<(string LogicalId, YamlMappingNode Resource)> Functions(YamlMappingNode template) =>
        Resources(template).Where(r => r.Resource.Plain("Type") == FunctionType);

    /// <summary>
    /// Everything on which the template and the function table disagree, in words a reader can act on; empty when
    /// they agree. Globals.Function applies to every function, as SAM applies it.
    /// </summary>
    public static IReadOnlyList<string> ConsistencyProblems(YamlMappingNode template, IReadOnlyList<FunctionRegistration> registrations)
    {
        var problems = new List<string>();
        var globals = template.Map("Globals").Map("Function");
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        var functions = Functions(template).ToList();
        if (functions.Count == 0)
        {
            problems.Add($"template.yaml declares no {FunctionType}");
        }

        foreach (var (id, resource) in functions)
        {
            var properties = resource.Map("Properties");
            if (properties is null)
            {
                problems.Add($"{id}: has no Properties");
                continue;
            }

            var handler = properties.Get("Handler") is null ? globals.Plain("Handler") : properties.Plain("Handler");
            var runtime = properties.Get("Runtime") is null ? globals.Plain("Runtime") : properties.Plain("Runtime");
            var managed = runtime == ExpectedRuntime && handler == ExpectedHandler;
            var nativeAot = runtime == NativeAotRuntime && handler == NativeAotHandler && resource.Map("Metadata").Plain("BuildMethod") == "makefile";
            if (!managed && !nativeAot)
            {
                problems.Add($"{id}: Runtime is '{runtime ?? "(missing or not a plain string)"}' and Handler is '{handler ?? "(missing or not a plain string)"}'; expected Runtime '{ExpectedRuntime}' with Handler '{ExpectedHandler}' (the executable), or Runtime '{NativeAotRuntime}' with Handler '{NativeAotHandler}' built by Metadata BuildMethod makefile");
            }

            var variables = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var source in new[] { globals.Map("Environment").Map("Variables"), properties.Map("Environment").Map("Variables") })
            {
                foreach (var (key, value) in source?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
                {
                    variables[((YamlScalarNode)key).Value!] = value;
                }
            }

            if (!variables.TryGetValue(FunctionTable.SelectorVariable, out var selectorNode))
            {
                problems.Add($"{id}: sets no {FunctionTable.SelectorVariable}, so the executable cannot know which function it is (a function without a handler)");
                continue;
            }

            if (selectorNode is not YamlScalarNode { Tag.IsEmpty: true, Value: { Length: > 0 } name })
            {
                problems.Add($"{id}: {FunctionTable.SelectorVariable} must be a plain function name, not {selectorNode.Tag.Value} {selectorNode}");
                continue;
            }

            var registration = registrations.FirstOrDefault(r => r.Name == name);
            if (registration is null)
            {
                problems.Add($"{id}: {FunctionTable.SelectorVariable} '{name}' is not a function of the executable (registered: {string.Join(", ", registrations.Select(r => r.Name))}) (a function without a handler)");
                continue;
            }

            // One definition per function: the build is the template's choice (template.yaml or template.native-aot.yaml).
            if (declared.TryGetValue(name, out var other))
            {
                problems.Add($"{id}: function '{name}' is already declared by {other}");
            }

            declared.TryAdd(name, id);

            var events = properties.Map("Events")?.Children.ToList() ?? [];
            if (events.Count == 0)
            {
                problems.Add($"{id}: function '{name}' has no Events; it is registered with a {registration.TriggerType} trigger");
            }

            foreach (var (eventName, eventNode) in events)
            {
                var type = eventNode.Plain("Type");
                if (type != registration.TriggerType)
                {
                    problems.Add($"{id}: event {eventName} (line {eventNode.Start.Line}) has trigger type '{type ?? "(none)"}', but function '{name}' is registered with '{registration.TriggerType}' (a trigger of the wrong kind)");
                }
            }

            foreach (var variable in registration.EnvironmentVariables)
            {
                if (!variables.ContainsKey(variable))
                {
                    problems.Add($"{id}: function '{name}' reads {variable}, which the template does not set in Environment.Variables");
                }
            }
        }

        foreach (var registration in registrations.Where(r => !declared.ContainsKey(r.Name)))
        {
            problems.Add($"function '{registration.Name}' is registered in the executable but no {FunctionType} sets {FunctionTable.SelectorVariable}: {registration.Name} (a handler without a function)");
        }

        return problems;
    }

    /// <summary>
    /// Every IAM action granted or excluded anywhere in the template's resources: each Action and NotAction of
    /// every Allow statement of every policy document (role policies, managed policies, inline SAM policies, resource
    /// policies), with where it was found. A Deny statement grants nothing (the queues' refusals of plain HTTP deny
    /// <c>sqs:*</c>), so it is not listed.
    /// </summary>
    public static IReadOnlyList<(string Where, string Key, string Action)> PolicyActions(YamlMappingNode template)
    {
        var found = new List<(string, string, string)>();
        foreach (var (id, resource) in Resources(template))
        {
            Walk(resource, id, found);
        }

        return found;
    }

    /// <summary>Actions granted by wildcard (<c>*</c>, <c>?</c>) or by NotAction, which grants everything else.</summary>
    public static IReadOnlyList<string> WildcardActionProblems(YamlMappingNode template) =>
        PolicyActions(template)
            .Where(a => a.Key == "NotAction" || a.Action.Contains('*', StringComparison.Ordinal) || a.Action.Contains('?', StringComparison.Ordinal))
            .Select(a => $"{a.Where}: {a.Key} {a.Action}")
            .ToList();

    private static void Walk(YamlNode node, string where, List<(string, string, string)> found)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Get("Statement") is { } statements)
                {
                    var list = statements is YamlSequenceNode seq ? seq.Children : [statements];
                    // A Deny grants nothing (the report bucket's "refuse plain HTTP" denies s3:* on purpose).
                    foreach (var statement in list.Where(s => s.Plain("Effect") != "Deny"))
                    {
                        foreach (var key in new[] { "Action", "NotAction" })
                        {
                            if (statement.Get(key) is { } actions)
                            {
                                foreach (var scalar in Scalars(actions))
                                {
                                    found.Add(($"{where} (line {statement.Start.Line})", key, scalar));
                                }
                            }
                        }
                    }
                }

                foreach (var (key, value) in map.Children)
                {
                    Walk(value, $"{where}.{key}", found);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(sequence.Children[i], $"{where}[{i}]", found);
                }

                break;
        }
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode map => map.Children.Values.SelectMany(Scalars),
        _ => [],
    };
}
