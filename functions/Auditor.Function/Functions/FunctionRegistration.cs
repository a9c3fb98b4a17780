using Auditor.Function.Configuration;

namespace Auditor.Function.Functions;

/// <summary>
/// One row of the function table: the name <c>AUDITOR_FUNCTION</c> and <c>scripts/invoke --function</c> use, the
/// trigger template.yaml must bind it to, the environment variables it reads, and how to build it.
/// </summary>
public sealed record FunctionRegistration(
    string Name,
    string TriggerType,
    IReadOnlyList<string> EnvironmentVariables,
    Func<FunctionEnvironment, ILambdaFunction> Create);
