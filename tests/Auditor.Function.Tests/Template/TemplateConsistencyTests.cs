using Auditor.Function.Configuration;
using Auditor.Function.Functions;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// template.yaml and the executable's function table describe the same functions (DESIGN.md, "Functions,
/// Azure-Functions style"): same names, same trigger kinds, every variable a handler reads is set. The checks
/// are also run on broken copies of the template, so a check that cannot fail is caught too.
/// </summary>
public sealed class TemplateConsistencyTests
{
    [Fact]
    public void CloudFormation_short_tags_do_not_break_reading_the_template()
    {
        var template = SamTemplate.Load();

        var properties = AuditProperties(template);
        var role = Assert.IsType<YamlScalarNode>(properties.Get("Role"));
        Assert.Equal("!GetAtt", role.Tag.Value);
        Assert.Equal("AuditFunctionRole.Arn", role.Value);
        var logGroupName = SamTemplate.Resources(template).Single(r => r.LogicalId == "AuditLogGroup").Resource.Map("Properties").Get("LogGroupName")!;
        Assert.Equal("!Sub", logGroupName.Tag.Value);
        Assert.Equal("!Ref", GlobalVariables(template).Get("SECURITY_HUB_REGION")!.Tag.Value);
    }

    [Fact]
    public void Short_tags_of_every_kind_parse_including_sequences_and_nested_functions()
    {
        var template = SamTemplate.Parse("""
            Conditions:
              HasRegion: !Not [!Equals [!Ref SecurityHubRegion, ""]]
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Environment:
                    Variables:
                      A: !If [HasRegion, !Ref SecurityHubRegion, !Ref "AWS::Region"]
                      B: !Join [",", [a, b]]
                      C: !Select [0, !GetAZs ""]
                      D: !ImportValue other-stack-output
                      E: !FindInMap [Map, !Ref "AWS::Region", Key]
            """);

        var variables = SamTemplate.Functions(template).Single().Resource.Map("Properties").Map("Environment").Map("Variables")!;
        Assert.Equal(["!If", "!Join", "!Select", "!ImportValue", "!FindInMap"], variables.Children.Values.Select(v => v.Tag.Value));
    }

    [Theory]
    [MemberData(nameof(SamTemplate.TemplateFiles), MemberType = typeof(SamTemplate))]
    public void The_template_and_the_function_table_agree(string file)
    {
        var problems = SamTemplate.ConsistencyProblems(SamTemplate.Load(file), FunctionTable.All);

        Assert.True(problems.Count == 0, $"{file} and FunctionTable disagree:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(SamTemplate.TemplateFiles), MemberType = typeof(SamTemplate))]
    public void Every_function_in_the_template_names_a_registered_function_and_the_table_names_no_other(string file)
    {
        var template = SamTemplate.Load(file);

        var names = SamTemplate.Functions(template).Select(f => f.Resource.Map("Properties").Map("Environment").Map("Variables").Plain(FunctionTable.SelectorVariable)).ToList();

        Assert.Equal(FunctionTable.All.Select(r => r.Name).Order(StringComparer.Ordinal), names.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_audit_function_is_the_executable_on_dotnet10_bound_to_a_schedule_with_every_variable_it_reads()
    {
        var properties = AuditProperties(SamTemplate.Load());
        Assert.Equal(AuditFunction.Name, properties.Map("Environment").Map("Variables").Plain(FunctionTable.SelectorVariable));

        Assert.Equal("Auditor.Function", properties.Plain("Handler"));
        Assert.Equal("dotnet10", properties.Plain("Runtime"));
        Assert.All(properties.Map("Events")!.Children.Values, e => Assert.Equal("Schedule", e.Plain("Type")));
        var template = SamTemplate.Load();
        var variables = properties.Map("Environment").Map("Variables")!.Children.Keys
            .Concat(GlobalVariables(template).Children.Keys)
            .Select(k => ((YamlScalarNode)k).Value)
            .ToHashSet();
        Assert.Superset(AuditorConfiguration.Variables.ToHashSet(), variables!);
    }

    [Fact]
    public void A_function_whose_AUDITOR_FUNCTION_names_no_registered_function_is_found()
    {
        var template = SamTemplate.Load();
        foreach (var variables in AllAuditVariables(template))
        {
            variables.Children[new YamlScalarNode(FunctionTable.SelectorVariable)] = new YamlScalarNode("audits");
        }

        var problems = SamTemplate.ConsistencyProblems(template, FunctionTable.All);

        Assert.Contains(problems, p => p.Contains("'audits' is not a function of the executable", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("function 'audit' is registered", StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_without_AUDITOR_FUNCTION_is_found()
    {
        var template = SamTemplate.Load();
        AuditVariables(template).Children.Remove(new YamlScalarNode(FunctionTable.SelectorVariable));

        var problems = SamTemplate.ConsistencyProblems(template, FunctionTable.All);

        Assert.Contains(problems, p => p.StartsWith("AuditFunction: sets no AUDITOR_FUNCTION", StringComparison.Ordinal));
    }

    [Fact]
    public void An_AUDITOR_FUNCTION_that_is_an_intrinsic_function_is_refused()
    {
        var template = SamTemplate.Load();
        AuditVariables(template).Children[new YamlScalarNode(FunctionTable.SelectorVariable)] = new YamlScalarNode("FunctionName") { Tag = "!Ref" };

        Assert.Contains(SamTemplate.ConsistencyProblems(template, FunctionTable.All), p => p.Contains("must be a plain function name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_registered_function_the_template_does_not_declare_is_found()
    {
        var registrations = FunctionTable.All.Append(new FunctionRegistration("account-worker", "SQS", [], [], _ => throw new NotSupportedException())).ToList();

        var problems = SamTemplate.ConsistencyProblems(SamTemplate.Load(), registrations);

        Assert.Contains(problems, p => p.Contains("function 'account-worker' is registered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SQS")]
    [InlineData("Api")]
    [InlineData("EventBridgeRule")]
    public void A_trigger_of_the_wrong_kind_is_found(string wrongType)
    {
        var template = SamTemplate.Load();
        var firstEvent = (YamlMappingNode)AuditProperties(template).Map("Events")!.Children.Values.First();
        firstEvent.Children[new YamlScalarNode("Type")] = new YamlScalarNode(wrongType);

        var problems = SamTemplate.ConsistencyProblems(template, FunctionTable.All);

        Assert.Contains(problems, p => p.Contains($"trigger type '{wrongType}'", StringComparison.Ordinal) && p.Contains("'Schedule'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_without_events_is_found()
    {
        var template = SamTemplate.Load();
        AuditProperties(template).Children.Remove(new YamlScalarNode("Events"));

        Assert.Contains(SamTemplate.ConsistencyProblems(template, FunctionTable.All), p => p.Contains("has no Events", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_variable_the_handler_reads_must_be_set_and_a_missing_one_is_found()
    {
        foreach (var variable in AuditorConfiguration.Variables)
        {
            var template = SamTemplate.Load();
            Assert.True(GlobalVariables(template).Children.Remove(new YamlScalarNode(variable)), $"the template's Globals do not set {variable}");

            var problems = SamTemplate.ConsistencyProblems(template, FunctionTable.All);

            Assert.Contains(problems, p => p.Contains($"reads {variable}, which the template does not set", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_variable_set_on_the_function_instead_of_Globals_counts_as_set()
    {
        var template = SamTemplate.Load();
        var value = GlobalVariables(template).Children[new YamlScalarNode("SHIELD_SEVERITY")];
        GlobalVariables(template).Children.Remove(new YamlScalarNode("SHIELD_SEVERITY"));
        Assert.NotEmpty(SamTemplate.ConsistencyProblems(template, FunctionTable.All));

        // Every function that reads it: the audit and, in organization mode, the worker (both builds of each).
        var readers = FunctionTable.All.Where(r => r.EnvironmentVariables.Contains("SHIELD_SEVERITY")).Select(r => r.Name).ToHashSet();
        foreach (var variables in SamTemplate.Functions(template)
            .Select(f => f.Resource.Map("Properties").Map("Environment").Map("Variables")!)
            .Where(v => readers.Contains(v.Plain(FunctionTable.SelectorVariable)!)))
        {
            variables.Children[new YamlScalarNode("SHIELD_SEVERITY")] = value;
        }

        Assert.Empty(SamTemplate.ConsistencyProblems(template, FunctionTable.All));
    }

    [Theory]
    [InlineData("Handler", "Auditor.Function::Auditor.Function.Program::Main")]
    [InlineData("Handler", "bootstrap")]
    [InlineData("Runtime", "dotnet8")]
    [InlineData("Runtime", "provided.al2023")]
    public void A_wrong_handler_or_runtime_is_found(string property, string value)
    {
        var template = SamTemplate.Load();
        AuditProperties(template).Children[new YamlScalarNode(property)] = new YamlScalarNode(value);

        Assert.Contains(SamTemplate.ConsistencyProblems(template, FunctionTable.All), p => p.Contains($"{property} is '{value}'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_function_declared_twice_is_found()
    {
        var template = SamTemplate.Load();
        var resources = template.Map("Resources")!;
        resources.Children[new YamlScalarNode("AuditFunctionCopy")] = SamTemplate.Functions(template).Single(f => f.LogicalId == "AuditFunction").Resource;

        Assert.Contains(SamTemplate.ConsistencyProblems(template, FunctionTable.All), p => p.StartsWith("AuditFunctionCopy: function 'audit' is already declared", StringComparison.Ordinal));
    }

    [Fact]
    public void No_IAM_policy_in_the_template_grants_actions_by_wildcard()
    {
        var actions = SamTemplate.PolicyActions(SamTemplate.Load());

        Assert.Contains(actions, a => a.Action == "securityhub:BatchImportFindings");
        Assert.Contains(actions, a => a.Action == "iam:GetCredentialReport");
        var problems = SamTemplate.WildcardActionProblems(SamTemplate.Load());
        Assert.True(problems.Count == 0, "wildcard actions:\n" + string.Join("\n", problems));
        Assert.All(actions, a => Assert.Matches("^[a-z0-9-]+:[A-Za-z0-9]+$", a.Action));
    }

    [Theory]
    [InlineData("ec2:Describe*")]
    [InlineData("*")]
    [InlineData("securityhub:*")]
    public void A_wildcard_action_anywhere_in_a_policy_is_found(string wildcard)
    {
        var template = SamTemplate.Load();
        var role = SamTemplate.Resources(template).Single(r => r.LogicalId == "AuditFunctionRole").Resource;
        var statements = (YamlSequenceNode)((YamlSequenceNode)role.Map("Properties").Get("Policies")!).Children[^1].Map("PolicyDocument").Get("Statement")!;
        ((YamlMappingNode)statements.Children[^1]).Children[new YamlScalarNode("Action")] = new YamlSequenceNode(new YamlScalarNode("securityhub:GetFindings"), new YamlScalarNode(wildcard));

        Assert.Contains(SamTemplate.WildcardActionProblems(template), p => p.EndsWith($"Action {wildcard}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_NotAction_statement_is_found()
    {
        var template = SamTemplate.Load();
        var role = SamTemplate.Resources(template).Single(r => r.LogicalId == "AuditFunctionRole").Resource;
        var statement = (YamlMappingNode)((YamlSequenceNode)((YamlSequenceNode)role.Map("Properties").Get("Policies")!).Children[0].Map("PolicyDocument").Get("Statement")!).Children[0];
        statement.Children.Remove(new YamlScalarNode("Action"));
        statement.Children[new YamlScalarNode("NotAction")] = new YamlScalarNode("iam:DeleteUser");

        Assert.Contains(SamTemplate.WildcardActionProblems(template), p => p.EndsWith("NotAction iam:DeleteUser", StringComparison.Ordinal));
    }

    private static YamlMappingNode AuditProperties(YamlMappingNode template) =>
        SamTemplate.Functions(template).Single(f => f.LogicalId == "AuditFunction").Resource.Map("Properties")!;

    private static YamlMappingNode AuditVariables(YamlMappingNode template) => AuditProperties(template).Map("Environment").Map("Variables")!;

    private static YamlMappingNode GlobalVariables(YamlMappingNode template) => template.Map("Globals").Map("Function").Map("Environment").Map("Variables")!;

    /// <summary>The variables of every definition of the audit function (the managed one and the Native AOT one).</summary>
    private static List<YamlMappingNode> AllAuditVariables(YamlMappingNode template) =>
        SamTemplate.Functions(template)
            .Select(f => f.Resource.Map("Properties").Map("Environment").Map("Variables")!)
            .Where(v => v.Plain(FunctionTable.SelectorVariable) == AuditFunction.Name)
            .ToList();
}
