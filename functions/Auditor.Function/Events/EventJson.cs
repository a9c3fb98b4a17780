using System.Text.Json;

namespace Auditor.Function.Events;

/// <summary>Reads an event's JSON; malformed JSON is an <see cref="EventValidationException"/> on the field <c>event</c>.</summary>
internal static class EventJson
{
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
