using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    private readonly HttpListener _listener;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
    private readonly Uri _target;
    private readonly HashSet<string> _refused;
    private readonly Task _loop;

    public AssumeRoleRefusingProxy(Uri target, IEnumerable<string> refusedRoleArns)
    {
        _target = target;
        _refused = new HashSet<string>(refusedRoleArns, StringComparer.Ordinal);
        (_listener, Url) = Listen();
        _loop = Task.Run(LoopAsync);
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
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }

        _upstream.Dispose();
    }

    private static (HttpListener, string) Listen()
    {
        for (var attempt = 0; ; attempt++)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, $"http://127.0.0.1:{port}");
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            byte[] body;
            using (var buffer = new MemoryStream())
            {
                await context.Request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
                body = buffer.ToArray();
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency).ConfigureAwait(false);
            }

            var form = (context.Request.ContentType ?? string.Empty).Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                ? HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))
                : null;
            if (form?["Action"] == "AssumeRole" && form["RoleArn"] is { } roleArn)
            {
                var refused = _refused.Contains(roleArn);
                AssumeRoleCalls.Enqueue((roleArn, form["RoleSessionName"], form["ExternalId"], refused));
                if (refused)
                {
                    var reply = Encoding.UTF8.GetBytes(AccessDeniedXml(roleArn, Guid.NewGuid().ToString()));
                    context.Response.StatusCode = 403;
                    context.Response.ContentType = "text/xml";
                    context.Response.ContentLength64 = reply.Length;
                    await context.Response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
                    context.Response.Close();
                    return;
                }
            }

            await ForwardAsync(context, body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException or HttpRequestException)
        {
            // The client gave up, or the proxy is shutting down.
        }
    }

    private async Task ForwardAsync(HttpListenerContext context, byte[] body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl ?? "/"));
        if (body.Length > 0 || context.Request.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var name in context.Request.Headers.AllKeys.OfType<string>())
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = context.Request.Headers[name] ?? string.Empty;
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _upstream.SendAsync(request).ConfigureAwait(false);
        var reply = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        context.Response.ContentLength64 = reply.Length;
        await context.Response.OutputStream.WriteAsync(reply).ConfigureAwait(false);
        context.Response.Close();
    }
}
