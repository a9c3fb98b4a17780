using Auditor.Aws.Http;
using Auditor.Function.Configuration;

namespace Auditor.Function.Functions;

/// <summary>
/// One row of the function table: the name <c>AUDITOR_FUNCTION</c> and <c>scripts/invoke --function</c> use, the
/// trigger template.yaml must bind it to, the environment variables it reads, the AWS operations its code calls with
/// its own role (template.yaml grants exactly those), and how to build it.
/// </summary>
public sealed record FunctionRegistration(
    string Name,
    string TriggerType,
    IReadOnlyList<string> EnvironmentVariables,
    IReadOnlyList<AwsOperation> Operations,
    Func<FunctionEnvironment, ILambdaFunction> Create)
{
    /// <summary>
    /// The operations its code calls in member accounts through the member role (the worker's audits): what
    /// member-role.yaml grants.
    /// </summary>
    public IReadOnlyList<AwsOperation> MemberAccountOperations { get; init; } = [];
}
