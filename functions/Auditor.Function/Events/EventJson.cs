using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Auditor.Function.Events;

/// <summary>
/// Reads an event's JSON strictly, the same way for every event: invalid UTF-8, malformed JSON and a key that appears
/// twice in one object are an <see cref="EventValidationException"/>. Names what a bad value is in an error message,
/// quoting at most <see cref="QuotedLength"/> characters of it, so that a hostile value never becomes a huge error.
/// </summary>
internal static class EventJson
{
    /// <summary>How much of a bad value an error message repeats; the rest is only counted.</summary>
    public const int QuotedLength = 200;

    /// <summary>What a JSON value is, in words for an error message: <c>an object</c>, <c>the string 'x'</c>, <c>nothing</c>.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string {Quote(element.GetString())}",
        JsonValueKind.Number => $"the number {Bounded(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Undefined => "nothing",
        _ => "null",
    };

    /// <summary>A value in quotes for an error message: <c>'abc'</c>, or its first 200 characters and its length.</summary>
    public static string Quote(string? value) => value is null ? "nothing" : $"'{Bounded(value)}'";

    /// <summary>A text cut to <see cref="QuotedLength"/> characters, saying how long it was when cut.</summary>
    public static string Bounded(string value)
    {
        if (value.Length <= QuotedLength)
        {
            return value;
        }

        // Never split a surrogate pair.
        var cut = char.IsHighSurrogate(value[QuotedLength - 1]) ? QuotedLength - 1 : QuotedLength;
        return $"{value[..cut]}… ({value.Length} characters)";
    }

    public static JsonDocument Parse(byte[] payload)
    {
        if (!Utf8.IsValid(payload))
        {
            throw new EventValidationException("event", $"is not valid UTF-8 text (first invalid byte at offset {FirstInvalidByte(payload)})");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new EventValidationException("event", $"is not valid JSON ({Bounded(e.Message)})");
        }

        try
        {
            RefuseDuplicateKeys(document.RootElement, "event");
        }
        catch
        {
            document.Dispose();
            throw;
        }

        return document;
    }

    /// <summary>Reads a text payload (an SQS message body) the same way as an event's bytes.</summary>
    public static JsonDocument Parse(string payload) => Parse(Encoding.UTF8.GetBytes(payload));

    // JSON allows a key twice and System.Text.Json keeps the last; an event that says two things is refused instead.
    // A string escaping half a surrogate pair ("\ud800") is valid JSON but not text: refused here, once, by name.
    private static void RefuseDuplicateKeys(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = Text(() => element.GetString(), path);
                break;
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = Text(() => property.Name, path)!;
                    var field = path == "event" ? Bounded(name) : $"{path}.{Bounded(name)}";
                    if (!seen.Add(name))
                    {
                        throw new EventValidationException(field, "appears more than once; an event names each field once");
                    }

                    RefuseDuplicateKeys(property.Value, field);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    RefuseDuplicateKeys(item, $"{path}[{index++}]");
                }

                break;
        }
    }

    private static string? Text(Func<string?> read, string path)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            throw new EventValidationException(path, "holds a string with half a surrogate pair escaped (\\uD800 to \\uDFFF alone), which is not text");
        }
    }

    private static int FirstInvalidByte(byte[] payload)
    {
        var offset = 0;
        var chars = new char[1024];
        while (offset < payload.Length)
        {
            var status = Utf8.ToUtf16(payload.AsSpan(offset), chars, out var read, out _, replaceInvalidSequences: false);
            if (status is System.Buffers.OperationStatus.InvalidData or System.Buffers.OperationStatus.NeedMoreData)
            {
                return offset + read;
            }

            offset += read;
        }

        return payload.Length;
    }
}
