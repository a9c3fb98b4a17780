using Auditor.Function.Functions;
using Auditor.Testing;

namespace Auditor.Function.Tests;

/// <summary>
/// The permissions table of docs/permissions.md is generated from the operations the functions declare. After changing
/// a client operation or a function, regenerate it with <c>UPDATE_README=1 dotnet test tests/Auditor.Function.Tests --filter PermissionsTable</c>.
/// </summary>
public sealed class PermissionsTableTests
{
    [Fact]
    public void The_permissions_table_matches_the_declared_operations() =>
        GeneratedText.AssertBlockCurrent(
            Path.Combine(RepositoryPaths.Root, "docs", "permissions.md"), PermissionsTable.StartMarker, PermissionsTable.EndMarker, PermissionsTable.Render(), "UPDATE_README");

    [Fact]
    public void The_permissions_table_names_every_action_a_function_or_the_member_role_needs()
    {
        var rendered = PermissionsTable.Render();

        Assert.All(
            FunctionTable.All.SelectMany(r => r.Operations.Concat(r.MemberAccountOperations)).Where(o => o.IamAction is not null),
            operation => Assert.Contains($"| `{operation.IamAction}` | `{operation.Resource}` |", rendered, StringComparison.Ordinal));
        Assert.Contains("the IAM credential report", rendered, StringComparison.Ordinal);
    }
}
