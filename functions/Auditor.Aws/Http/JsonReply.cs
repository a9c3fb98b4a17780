using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Auditor.Aws.Http;

/// <summary>Reads JSON replies with source-generated metadata; unreadable bodies become a MalformedResponse error.</summary>
public static class JsonReply
{
    public static T Read<T>(AwsResponse response, JsonTypeInfo<T> type, string service, string operation)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type) ?? throw XmlReply.Malformed(service, operation, "an empty body");
        }
        catch (JsonException e)
        {
            throw XmlReply.Malformed(service, operation, e.Message);
        }
    }
}
