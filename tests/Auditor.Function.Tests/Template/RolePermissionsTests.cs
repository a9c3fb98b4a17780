using Auditor.Function.Functions;
using Auditor.Testing;
using YamlDotNet.RepresentationModel;

namespace Auditor.Function.Tests.Template;

/// <summary>
/// Every role grants exactly what its function's code calls, as the client operations declare it (no more, no fewer,
/// on the resources the operations name), and the member role exactly what the worker's audits call in a member
/// account. The checks are also run on broken copies, so a check that cannot fail is caught.
/// </summary>
public sealed class RolePermissionsTests
{
    [Theory]
    [MemberData(nameof(SamTemplate.TemplateFiles), MemberType = typeof(SamTemplate))]
    public void Every_role_grants_exactly_what_its_function_calls(string file)
    {
        var problems = RolePermissions.Problems(SamTemplate.Load(file), FunctionTable.All);

        Assert.True(problems.Count == 0, $"{file}:\\n" + string.Join("\\n", problems));
    }

    [Fact]
    public void The_member_role_grants_exactly_what_the_workers_audits_call()
    {
        var problems = RolePermissions.MemberRoleProblems(MemberRole(), FunctionTable.Find(AccountWorkerFunction.Name)!);

        Assert.True(problems.Count == 0, "member-role.yaml:\\n" + string.Join("\\n", problems));
    }

    [Fact]
    public void Every_function_has_permissions_declared()
    {
        Assert.All(FunctionTable.All, r => Assert.NotEmpty(r.Operations));
        Assert.NotEmpty(FunctionTable.Find(AccountWorkerFunction.Name)!.MemberAccountOperations);
    }

    [Fact]
    public void A_permission_no_code_calls_is_found()
    {
        var template = SamTemplate.Load();
        Statements(template, "AuditFunctionRole").Add(Statement("iam:ListRoles", "*"));

        Assert.Contains(RolePermissions.Problems(template, FunctionTable.All), p => p == "AuditFunction (audit) role AuditFunctionRole grants iam:ListRoles on *, which no code of the function calls (more than it needs)");
    }

    [Fact]
    public void A_permission_on_a_wider_resource_than_declared_is_found()
    {
        var template = SamTemplate.Load();
        Statements(template, "AuditFunctionRole").Add(Statement("guardduty:GetDetector", "*"));

        Assert.Contains(RolePermissions.Problems(template, FunctionTable.All), p => p.Contains("grants guardduty:GetDetector on *", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_permission_is_found()
    {
        var template = SamTemplate.Load();
        var statements = Statements(template, "AuditFunctionRole");
        var shield = statements.Children.Single(s => s.Plain("Sid") == "ShieldAdvanced");
        statements.Children.Remove(shield);

        var problems = RolePermissions.Problems(template, FunctionTable.All);

        Assert.Contains(problems, p => p == "AuditFunction (audit) role AuditFunctionRole does not grant shield:GetSubscriptionState on *, which the function's code calls");
    }

    [Fact]
    public void A_worker_that_cannot_read_its_queue_is_found()
    {
        var template = SamTemplate.Load();
        var statements = Statements(template, "WorkerFunctionRole");
        statements.Children.Remove(statements.Children.Single(s => s.Plain("Sid") == "ConsumeAuditQueue"));

        Assert.Contains(RolePermissions.Problems(template, FunctionTable.All), p => p.Contains("does not grant sqs:ReceiveMessage on !GetAtt AuditQueue.Arn", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_managed_policy_is_found()
    {
        var template = SamTemplate.Load();
        var role = SamTemplate.Resources(template).Single(r => r.LogicalId == "DispatchFunctionRole").Resource;
        ((YamlSequenceNode)role.Map("Properties")!.Get("ManagedPolicyArns")!).Add(new YamlScalarNode("arn:aws:iam::aws:policy/ReadOnlyAccess"));

        Assert.Contains(RolePermissions.Problems(template, FunctionTable.All), p => p.StartsWith("DispatchFunctionRole: ManagedPolicyArns must be exactly AWSLambdaBasicExecutionRole", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_role_missing_a_read_is_found()
    {
        var member = MemberRole();
        var statements = Statements(member, "AuditRole");
        statements.Children.Remove(statements.Children.Single(s => s.Plain("Sid") == "Regions"));

        Assert.Contains(RolePermissions.MemberRoleProblems(member, FunctionTable.Find(AccountWorkerFunction.Name)!), p => p.Contains("does not grant ec2:DescribeRegions on *", StringComparison.Ordinal));
    }

    private static YamlMappingNode MemberRole() => SamTemplate.Parse(File.ReadAllText(RepositoryPaths.Of("member-role.yaml")));

    /// <summary>The statements of the role's first inline policy, to add to or take from.</summary>
    private static YamlSequenceNode Statements(YamlMappingNode template, string roleId)
    {
        var role = SamTemplate.Resources(template).Single(r => r.LogicalId == roleId).Resource;
        var policy = ((YamlSequenceNode)role.Map("Properties")!.Get("Policies")!).Children[0];
        return (YamlSequenceNode)policy.Map("PolicyDocument")!.Get("Statement")!;
    }

    private static YamlMappingNode Statement(string action, string resource) => new(
        new YamlScalarNode("Effect"), new YamlScalarNode("Allow"),
        new YamlScalarNode("Action"), new YamlScalarNode(action),
        new YamlScalarNode("Resource"), new YamlScalarNode(resource));
}
