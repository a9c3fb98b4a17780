namespace Auditor.Function.Runtime;

/// <summary>Names of the Lambda Runtime API (version 2018-06-01).</summary>
internal static class RuntimeHeaders
{
    public const string ApiVersion = "2018-06-01";
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";
    public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";
}
