using System.Text.Json.Serialization;
using Auditor.Function.Events;
using Auditor.Function.Functions;

namespace Auditor.Function;

/// <summary>Source-generated JSON for organization mode: the queue message and the dispatcher's and worker's responses.</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditMessage))]
[JsonSerializable(typeof(DispatchResponse))]
[JsonSerializable(typeof(WorkerResponse))]
internal sealed partial class OrganizationJsonContext : JsonSerializerContext;
