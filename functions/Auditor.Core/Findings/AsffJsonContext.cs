using System.Text.Json.Serialization;

namespace Auditor.Core.Findings;

/// <summary>Source-generated JSON for ASFF: no reflection, so the function stays trim and AOT clean.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(AsffStringListConverter), typeof(AsffStringMapConverter),
    ])]
[JsonSerializable(typeof(AsffFinding))]
[JsonSerializable(typeof(List<AsffFinding>))]
public sealed partial class AsffJsonContext : JsonSerializerContext;
