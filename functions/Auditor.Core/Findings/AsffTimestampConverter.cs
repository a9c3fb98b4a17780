using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auditor.Core.Findings;

/// <summary>ASFF timestamps are strings: written as UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, read in any ISO 8601 form.</summary>
public sealed class AsffTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToAsff(DateTimeOffset value) => value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an ASFF timestamp.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            // Formatted straight into UTF-8 on the stack: the same text as ToAsff, without a string per timestamp.
            Span<byte> utf8 = stackalloc byte[32];
            if (value.Value.ToUniversalTime().TryFormat(utf8, out var written, Format, CultureInfo.InvariantCulture))
            {
                writer.WriteStringValue(utf8[..written]);
            }
            else
            {
                writer.WriteStringValue(ToAsff(value.Value));
            }
        }
    }
}
