using System.Text;

namespace Auditor.Testing;

/// <summary>
/// What a <see cref="LoopbackHttpServer"/> handler answers: a status, headers and a whole body, written with its
/// Content-Length (the server owns the framing headers). Two faults are answers too: <see cref="Cut"/> (the body ends
/// early and the connection closes) and <see cref="Reset"/> (no answer, the connection is reset).
/// </summary>
public sealed record LoopbackResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The connection is reset (RST) without an answer.</summary>
    public static LoopbackResponse Reset { get; } = new(0, [], []) { ResetsConnection = true };

    /// <summary>True for <see cref="Reset"/>.</summary>
    public bool ResetsConnection { get; private init; }

    /// <summary>How many bytes of the body are sent before the connection closes (see <see cref="Cut"/>); null: all of them.</summary>
    public int? SentBodyBytes { get; private init; }

    /// <summary>A text body in the given content type, with optional further headers.</summary>
    public static LoopbackResponse Text(int status, string contentType, string body, params KeyValuePair<string, string>[] headers) =>
        new(status, [new("Content-Type", contentType), .. headers], Encoding.UTF8.GetBytes(body));

    /// <summary>A status and no body.</summary>
    public static LoopbackResponse Empty(int status) => new(status, [], []);

    /// <summary>
    /// This answer with its full Content-Length declared but only <paramref name="bodyBytes"/> bytes of the body sent,
    /// after which the connection is shut down: a body cut in transit.
    /// </summary>
    public LoopbackResponse Cut(int bodyBytes) => this with { SentBodyBytes = Math.Clamp(bodyBytes, 0, Body.Length) };

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => Encoding.UTF8.GetString(Body);
}
