using System.Text.Json.Serialization;

namespace Auditor.Function.Runtime;

/// <summary>The error body the Runtime API takes (<c>application/vnd.aws.lambda.error+json</c>).</summary>
public sealed record FunctionError(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace);
