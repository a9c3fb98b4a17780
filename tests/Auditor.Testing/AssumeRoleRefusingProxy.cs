using System.Collections.Concurrent;
using System.Web;

namespace Auditor.Testing;

/// <summary>
/// A loopback HTTP proxy in front of moto for STS. moto lets any role be assumed, even one that does not exist, so
/// an account "without the audit role" cannot fail there the way it fails on AWS. This proxy answers STS AssumeRole
/// for the refused role ARNs exactly as AWS does when the role is missing or does not trust the caller (HTTP 403,
/// query-protocol <c>AccessDenied</c>), and forwards every other request to moto unchanged. Point
/// <c>AWS_ENDPOINT_URL_STS</c> at <see cref="Url"/>.
/// </summary>
public sealed class AssumeRoleRefusingProxy : IDisposable
{
    private readonly UpstreamForwarder _upstream;
    private readonly HashSet<string> _refused;
    private readonly LoopbackHttpServer _server;

    public AssumeRoleRefusingProxy(Uri target, IEnumerable<string> refusedRoleArns)
    {
        _upstream = new UpstreamForwarder(target);
        _refused = new HashSet<string>(refusedRoleArns, StringComparer.Ordinal);
        _server = LoopbackHttpServer.Start(AnswerAsync);
        Url = _server.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>The proxy's address, as an <c>AWS_ENDPOINT_URL_*</c> value.</summary>
    public string Url { get; }

    /// <summary>Added to every answer, to model a real service's round trip (the benchmark uses it; tests leave it zero).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Every AssumeRole the proxy saw: role ARN, session name, external id, and whether it was refused.</summary>
    public ConcurrentQueue<(string RoleArn, string? SessionName, string? ExternalId, bool Refused)> AssumeRoleCalls { get; } = new();

    /// <summary>The body AWS sends when the caller may not assume the role.</summary>
    public static string AccessDeniedXml(string roleArn, string requestId) =>
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
        + "<Error><Type>Sender</Type><Code>AccessDenied</Code>"
        + $"<Message>User: arn:aws:sts::123456789012:assumed-role/auditor-worker/auditor-worker-session is not authorized to perform: sts:AssumeRole on resource: {roleArn}</Message>"
        + $"</Error><RequestId>{requestId}</RequestId></ErrorResponse>";

    public void Dispose()
    {
        _upstream.Dispose();
        _server.Dispose();
    }

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, aborted).ConfigureAwait(false);
        }

        var form = (request.ContentType ?? string.Empty).Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? HttpUtility.ParseQueryString(request.BodyText)
            : null;
        if (form?["Action"] == "AssumeRole" && form["RoleArn"] is { } roleArn)
        {
            var refused = _refused.Contains(roleArn);
            AssumeRoleCalls.Enqueue((roleArn, form["RoleSessionName"], form["ExternalId"], refused));
            if (refused)
            {
                return LoopbackResponse.Text(403, "text/xml", AccessDeniedXml(roleArn, Guid.NewGuid().ToString()));
            }
        }

        return await _upstream.ForwardAsync(request).ConfigureAwait(false);
    }
}
