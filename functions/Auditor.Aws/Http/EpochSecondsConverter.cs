using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auditor.Aws.Http;

/// <summary>
/// json 1.1 timestamps are epoch seconds; a string in ISO 8601 (or moto's <c>dd/MM/yyyy, HH:mm:ss</c>) is
/// accepted too, and anything else reads as unknown rather than failing the whole reply.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly string[] Formats = ["dd/MM/yyyy, HH:mm:ss", "o", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble() * 1000)),
        JsonTokenType.String when DateTimeOffset.TryParseExact(reader.GetString(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
        JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
        _ => null,
    };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v.ToUnixTimeMilliseconds() / 1000.0);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
