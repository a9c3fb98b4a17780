using Auditor.Aws.Auditing;
using Auditor.Aws.RootAlerts;
using Auditor.Aws.Suppressions;
using Auditor.Function.Configuration;

namespace Auditor.Function.Functions;

/// <summary>
/// The one table from function name to handler. template.yaml declares the same functions with the same
/// triggers, variables and permissions; a test reads the template and fails when the two disagree.
/// </summary>
public static class FunctionTable
{
    public const string SelectorVariable = "AUDITOR_FUNCTION";
    public const string DefaultFunction = AuditFunction.Name;

    public static IReadOnlyList<FunctionRegistration> All { get; } =
    [
        new(AuditFunction.Name, "Schedule", AuditorConfiguration.Variables, [.. AccountAuditor.Operations, .. SuppressionsReader.Operations], env => new AuditFunction(env)),
        new(DispatchFunction.Name, "Schedule", OrganizationConfiguration.DispatcherVariables, DispatchFunction.Operations, env => new DispatchFunction(env)),
        new(AccountWorkerFunction.Name, "SQS", [.. AuditorConfiguration.Variables, .. OrganizationConfiguration.WorkerVariables], [.. AccountWorkerFunction.Operations, .. SuppressionsReader.Operations], env => new AccountWorkerFunction(env))
        {
            MemberAccountOperations = AccountAuditor.Operations,
        },
        new(RootActivityAlertFunction.Name, "EventBridgeRule", RootAlertConfiguration.Variables, RootEventImporter.Operations, env => new RootActivityAlertFunction(env)),
    ];

    public static FunctionRegistration? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
