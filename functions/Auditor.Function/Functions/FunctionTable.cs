using Auditor.Function.Configuration;

namespace Auditor.Function.Functions;

/// <summary>
/// The one table from function name to handler. template.yaml declares the same functions with the same
/// triggers and variables; a test reads the template and fails when the two disagree.
/// </summary>
public static class FunctionTable
{
    public const string SelectorVariable = "AUDITOR_FUNCTION";
    public const string DefaultFunction = AuditFunction.Name;

    public static IReadOnlyList<FunctionRegistration> All { get; } =
    [
        new(AuditFunction.Name, "Schedule", AuditorConfiguration.Variables, env => new AuditFunction(env)),
        new(RootActivityAlertFunction.Name, "EventBridgeRule", RootAlertConfiguration.Variables, env => new RootActivityAlertFunction(env)),
    ];

    public static FunctionRegistration? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
