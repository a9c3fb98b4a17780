using System.Net.Http.Headers;
using System.Text;

namespace Auditor.Aws.Http;

/// <summary>Request shapes of the three wire protocols.</summary>
public static class AwsRequests
{
    private static readonly MediaTypeHeaderValue AmzJson11 = new("application/x-amz-json-1.1");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Query protocol (IAM, EC2): <c>POST /</c> with a form body <c>Action=…&amp;Version=…</c>.</summary>
    public static HttpRequestMessage Query(Uri endpoint, string action, string version, IEnumerable<KeyValuePair<string, string>>? parameters = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", version) };
        if (parameters is not null)
        {
            form.AddRange(parameters);
        }

        return new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
    }

    /// <summary>JSON 1.1 protocol (Shield, CloudTrail, Organizations): <c>POST /</c> with <c>X-Amz-Target</c>.</summary>
    public static HttpRequestMessage Json11(Uri endpoint, string target, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = AmzJson11;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }

    /// <summary>rest-json protocol (Security Hub, GuardDuty): a method and path, JSON body when there is one.</summary>
    public static HttpRequestMessage RestJson(Uri endpoint, HttpMethod method, string pathAndQuery, byte[]? body = null) =>
        body is null ? new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery.TrimStart('/'))) : RestJson(endpoint, method, pathAndQuery, body.AsMemory());

    /// <summary>rest-json with a body in a buffer the caller owns (sent as it is, not copied).</summary>
    public static HttpRequestMessage RestJson(Uri endpoint, HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte> body)
    {
        var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery.TrimStart('/'))) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = Json;
        return request;
    }

    public static readonly byte[] EmptyJsonObject = Encoding.UTF8.GetBytes("{}");
}
