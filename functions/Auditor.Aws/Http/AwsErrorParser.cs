using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Auditor.Aws.Http;

/// <summary>
/// Reads an AWS error answer in any of the three wire protocols we speak: rest-json
/// (<c>X-Amzn-ErrorType</c>, <c>{Message|message, Code}</c>), json 1.1 (<c>__type</c>, the part after <c>#</c>)
/// and query (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>, or EC2's <c>&lt;Response&gt;&lt;Errors&gt;</c>).
/// </summary>
internal static class AwsErrorParser
{
    public static AwsServiceException Parse(string service, string operation, HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        string? code = null;
        string? message = null;
        var requestId = Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id");

        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            (code, message) = FromJson(body);
        }
        else if (trimmed.Length > 0 && trimmed[0] == (byte)'<')
        {
            (code, message, var xmlRequestId) = FromXml(body);
            requestId ??= xmlRequestId;
        }

        // rest-json puts the code in a header, sometimes with ":http://..." after it.
        if (Header(headers, "X-Amzn-ErrorType") is { } headerCode)
        {
            code = Clean(headerCode.Split(':')[0]);
        }

        code ??= status switch
        {
            HttpStatusCode.TooManyRequests => "TooManyRequestsException",
            HttpStatusCode.Forbidden => "AccessDenied",
            HttpStatusCode.NotFound => "NotFound",
            _ when (int)status >= 500 => "ServiceUnavailable",
            _ => $"Http{(int)status}",
        };
        message ??= body.Length == 0 ? $"HTTP {(int)status} with an empty body" : Shorten(Encoding.UTF8.GetString(body));
        return new AwsServiceException(service, operation, code, message, status, requestId, RetryAfter(headers));
    }

    private static (string? Code, string? Message) FromJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var code = Text(root, "__type") ?? Text(root, "Code") ?? Text(root, "code");
            var message = Text(root, "Message") ?? Text(root, "message") ?? Text(root, "errorMessage");
            return (code is null ? null : Clean(code), message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string? Code, string? Message, string? RequestId) FromXml(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body);
            var document = XDocument.Load(stream);
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var scope = (XContainer?)error ?? document;
            return (
                scope.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value,
                scope.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value,
                document.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value);
        }
        catch (XmlException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Clean(string code)
    {
        var hash = code.LastIndexOf('#');
        return (hash >= 0 ? code[(hash + 1)..] : code).Trim();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return Header(headers, "Retry-After") is { } raw && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
