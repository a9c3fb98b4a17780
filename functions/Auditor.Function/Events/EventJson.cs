using System.Text.Json;

namespace Auditor.Function.Events;

/// <summary>
/// Reads an event's JSON (malformed JSON is an <see cref="EventValidationException"/> on the field <c>event</c>), and
/// names what a bad value is in an error message, the same way for every event.
/// </summary>
internal static class EventJson
{
    /// <summary>What a JSON value is, in words for an error message: <c>an object</c>, <c>the string 'x'</c>, <c>nothing</c>.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string '{element.GetString()}'",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Undefined => "nothing",
        _ => "null",
    };

    public static JsonDocument Parse(byte[] payload)
    {
        try
        {
            return JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new EventValidationException("event", $"is not valid JSON ({e.Message})");
        }
    }
}
