using System.Text.Json;
using System.Text.Json.Serialization;

namespace Auditor.Core.Findings;

// The built-in converters write an IReadOnlyList or IReadOnlyDictionary property through its IEnumerable interface,
// which allocates an enumerator for every list of every finding. These write the same JSON by index (or through the
// dictionary's own struct enumerator, or by position for an IOrderedStringDictionary), and read into the same List and Dictionary types the built-in ones create.

/// <summary>A list of strings, written by index.</summary>
public sealed class AsffStringListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array of strings.");
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : reader.TokenType == JsonTokenType.Null ? null! : throw new JsonException("Expected a string."));
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) => WriteList(writer, value);

    /// <summary>The list as a JSON array of strings, by index.</summary>
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<string> value)
    {
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            writer.WriteStringValue(value[i]);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A string-to-string map (ProductFields, Resources[].Details.Other), written in its enumeration order.</summary>
public sealed class AsffStringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of strings.");
        }

        var map = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = reader.TokenType == JsonTokenType.String ? reader.GetString()! : reader.TokenType == JsonTokenType.Null ? null! : throw new JsonException("Expected a string.");
        }

        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options) => WriteMap(writer, value);

    /// <summary>The map as a JSON object, in its enumeration order, without an enumerator allocation.</summary>
    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value)
    {
        writer.WriteStartObject();
        if (value is Dictionary<string, string> dictionary)
        {
            foreach (var (key, text) in dictionary)
            {
                writer.WriteString(key, text);
            }
        }
        else if (value is IOrderedStringDictionary ordered)
        {
            for (var i = 0; i < ordered.Count; i++)
            {
                var (key, text) = ordered.EntryAt(i);
                writer.WriteString(key, text);
            }
        }
        else
        {
            foreach (var (key, text) in value)
            {
                writer.WriteString(key, text);
            }
        }

        writer.WriteEndObject();
    }
}
