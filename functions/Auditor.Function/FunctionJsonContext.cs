using System.Text.Json.Serialization;
using Auditor.Function.Functions;
using Auditor.Function.Runtime;

namespace Auditor.Function;

/// <summary>Source-generated JSON for the function's responses and errors.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditResponse))]
[JsonSerializable(typeof(RootAlertResponse))]
[JsonSerializable(typeof(FunctionError))]
internal sealed partial class FunctionJsonContext : JsonSerializerContext;
