using System.Text;
using System.Text.Json;

namespace Auditor.Core.Metrics;

/// <summary>
/// One CloudWatch Embedded Metric Format document: a JSON log line whose <c>_aws</c> member tells CloudWatch Logs
/// which of its members are metrics (name, unit) and which are dimensions, so metrics cost no API call. Written with
/// <see cref="Utf8JsonWriter"/>, no reflection.
/// </summary>
public sealed class EmfDocument
{
    /// <summary>CloudWatch takes at most 100 metrics in one document.</summary>
    public const int MaxMetrics = 100;

    private readonly List<(string Name, double Value, string Unit)> _metrics = [];

    public EmfDocument(string metricNamespace, DateTimeOffset timestamp, IReadOnlyList<KeyValuePair<string, string>> dimensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentNullException.ThrowIfNull(dimensions);
        if (dimensions.Count is 0 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions.Count, "a document has 1 to 30 dimensions");
        }

        Namespace = metricNamespace;
        Timestamp = timestamp;
        Dimensions = dimensions;
    }

    public string Namespace { get; }

    public DateTimeOffset Timestamp { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; }

    public IReadOnlyList<(string Name, double Value, string Unit)> Metrics => _metrics;

    public EmfDocument Add(string name, double value, string unit = EmfUnits.Count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_metrics.Count == MaxMetrics)
        {
            throw new InvalidOperationException($"an EMF document holds at most {MaxMetrics} metrics");
        }

        if (Dimensions.Any(d => d.Key == name) || _metrics.Any(m => m.Name == name))
        {
            throw new ArgumentException($"'{name}' is already a member of the document", nameof(name));
        }

        _metrics.Add((name, value, unit));
        return this;
    }

    /// <summary>The document as one line of JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp"u8, Timestamp.ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace"u8, Namespace);
            writer.WriteStartArray("Dimensions"u8);
            writer.WriteStartArray();
            foreach (var (key, _) in Dimensions)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics"u8);
            foreach (var (name, _, unit) in _metrics)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", name);
                writer.WriteString("Unit", unit);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            foreach (var (key, value) in Dimensions)
            {
                writer.WriteString(key, value);
            }

            foreach (var (name, value, _) in _metrics)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

/// <summary>The CloudWatch units Auditor's metrics use.</summary>
public static class EmfUnits
{
    public const string Count = "Count";
    public const string Milliseconds = "Milliseconds";
}
