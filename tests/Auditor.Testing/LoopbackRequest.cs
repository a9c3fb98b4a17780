using System.Text;

namespace Auditor.Testing;

/// <summary>
/// One request as the <see cref="LoopbackHttpServer"/> read it: the request line, the headers in the order they came,
/// the whole body (de-chunked), and the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which its head arrived.
/// </summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, long ArrivedAt)
{
    /// <summary>The path of <see cref="Target"/>, as sent (not unescaped).</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>What follows the <c>?</c> of <see cref="Target"/>; empty when there is none.</summary>
    public string Query => Target.Split('?', 2) is [_, var query] ? query : string.Empty;

    public string? ContentType => Header("Content-Type");

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The first value of a header, by case-insensitive name; null when absent.</summary>
    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
