using System.Text.Json;
using System.Xml;

namespace Auditor.Aws.Http;

/// <summary>
/// Whether a success reply's body is one complete JSON or XML document. A body cut short (a connection dropped
/// mid-answer, a proxy that gave up) is a transport fault worth retrying; a complete document with unexpected
/// content is not, and is left to the client that reads it.
/// </summary>
public static class ReplyIntegrity
{
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    /// <summary>Null when <paramref name="body"/> is a complete document of the expected kind, else what is wrong.</summary>
    public static string? Problem(ReadOnlySpan<byte> body, bool xml)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "the body is empty";
        }

        return xml ? XmlProblem(body) : JsonProblem(body);
    }

    private static string? JsonProblem(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException e)
        {
            return $"the JSON ends or breaks at byte {reader.BytesConsumed} of {body.Length}: {e.Message}";
        }
    }

    private static string? XmlProblem(ReadOnlySpan<byte> body)
    {
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        try
        {
            using var reader = XmlReader.Create(stream, XmlSettings);
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException e)
        {
            return $"the XML ends or breaks at line {e.LineNumber}, position {e.LinePosition} ({body.Length} bytes): {e.Message}";
        }
    }
}
