using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Auditor.Aws.Http;

/// <summary>Reads query-protocol XML replies by local name, so namespaces and unknown elements do not matter.</summary>
public static class XmlReply
{
    public static XElement Load(AwsResponse response, string service, string operation)
    {
        try
        {
            using var stream = new MemoryStream(response.Body);
            return XDocument.Load(stream).Root ?? throw Malformed(service, operation, "an empty document");
        }
        catch (XmlException e)
        {
            throw Malformed(service, operation, e.Message);
        }
    }

    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);

    public static XElement? Find(this XElement element, string localName) =>
        element.Descendants().FirstOrDefault(e => e.Name.LocalName == localName);

    public static string? Text(this XElement element, string localName) => element.Child(localName)?.Value;

    public static DateTimeOffset? Date(this XElement element, string localName) =>
        element.Text(localName) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    public static AwsServiceException Malformed(string service, string operation, string problem) =>
        new(service, operation, "MalformedResponse", $"the reply could not be read: {problem}", System.Net.HttpStatusCode.OK, null);
}
