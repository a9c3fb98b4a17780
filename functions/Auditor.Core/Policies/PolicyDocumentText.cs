namespace Auditor.Core.Policies;

/// <summary>
/// A policy document as IAM sends it, to JSON text. AWS sends every document in its query replies URL-encoded
/// (RFC 3986, <c>%7B%22Version%22…</c>); moto sends some of them as plain JSON. A document that starts with <c>{</c>
/// is already JSON (a URL-encoded one cannot: <c>{</c> is always escaped), so a <c>%</c> inside plain JSON is kept.
/// </summary>
public static class PolicyDocumentText
{
    public static string Decode(string wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var trimmed = wire.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] == '{' ? wire : Uri.UnescapeDataString(wire);
    }
}
