using System.Text;
using System.Text.Json;

namespace Auditor.Function.Logging;

/// <summary>
/// JSON log lines in Lambda's JSON log format (<c>timestamp</c>, <c>level</c>, <c>message</c>, <c>requestId</c>)
/// plus our fields, written to stderr so that stdout stays the function's response when run locally.
/// </summary>
public sealed class JsonLog
{
    private static readonly string[] Levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly int _minimum;
    private readonly object _gate = new();

    public JsonLog(TextWriter output, TimeProvider time, string? minimumLevel)
    {
        _output = output;
        _time = time;
        var index = Array.IndexOf(Levels, (minimumLevel ?? "INFO").ToUpperInvariant());
        _minimum = index < 0 ? 2 : index;
    }

    public string? RequestId { get; set; }

    public string? FunctionName { get; set; }

    public bool ColdStart { get; set; } = true;

    public void Info(string message, Action<Utf8JsonWriter>? fields = null) => Write("INFO", message, fields);

    public void Warn(string message, Action<Utf8JsonWriter>? fields = null) => Write("WARN", message, fields);

    public void Error(string message, Action<Utf8JsonWriter>? fields = null) => Write("ERROR", message, fields);

    public void Write(string level, string message, Action<Utf8JsonWriter>? fields)
    {
        if (Array.IndexOf(Levels, level) < _minimum)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("level", level);
            writer.WriteString("message", message);
            if (RequestId is not null)
            {
                writer.WriteString("requestId", RequestId);
            }

            if (FunctionName is not null)
            {
                writer.WriteString("function", FunctionName);
            }

            writer.WriteBoolean("coldStart", ColdStart);
            fields?.Invoke(writer);
            writer.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (_gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
