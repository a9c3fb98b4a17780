using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace Auditor.Testing;

/// <summary>
/// A small loopback HTTP proxy in front of moto's IAM, to make a credential report stale on purpose.
/// <para>
/// AWS generates an account's credential report at most once every four hours and answers GenerateCredentialReport
/// with the old one meanwhile; moto regenerates it on every request and always says it was generated
/// 2015-02-02T20:02:02Z, so moto by itself can show neither a stale report nor a fresh one. This proxy forwards every
/// request to moto unchanged, except IAM <c>GetCredentialReport</c>: with <see cref="FreezeReport"/> it keeps serving
/// the first report content it saw (as AWS does within its four hours), and it rewrites <c>GeneratedTime</c> to the
/// time the test chooses (<see cref="ReportAge"/> or <see cref="GeneratedTime"/>). Point <c>AWS_ENDPOINT_URL_IAM</c>
/// at <see cref="Endpoint"/>.
/// </para>
/// </summary>
public sealed class StaleReportProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Expect", "Proxy-Connection", "Upgrade",
    };

    private readonly HttpListener _listener;
    private readonly Uri _upstream;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private string? _frozenContent;
    private int _reportRequests;

    private StaleReportProxy(HttpListener listener, Uri endpoint, Uri upstream)
    {
        _listener = listener;
        Endpoint = endpoint;
        _upstream = upstream;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where clients send their requests (<c>AWS_ENDPOINT_URL_IAM</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>Keep serving the first report content seen (default true); false = moto's current content every time.</summary>
    public bool FreezeReport { get; set; } = true;

    /// <summary>When set, the served <c>GeneratedTime</c> is this long before the moment of each request.</summary>
    public TimeSpan? ReportAge { get; set; }

    /// <summary>When set (and <see cref="ReportAge"/> is not), the served <c>GeneratedTime</c>; neither = moto's own.</summary>
    public DateTimeOffset? GeneratedTime { get; set; }

    /// <summary>
    /// A <c>&lt;root_account&gt;</c> row (CSV, in the report's column order) inserted after the header of the served report,
    /// because moto's reports have none while AWS's always do.
    /// </summary>
    public string? RootRow { get; set; }

    /// <summary>
    /// Query-protocol actions answered with HTTP 403 <c>AccessDenied</c> instead of being forwarded, as for a role that
    /// lacks the permission (for example <c>ListUsers</c>).
    /// </summary>
    public void Deny(string action) => _denied[action] = true;

    public void Allow(string action) => _denied.TryRemove(action, out _);

    /// <summary>GetCredentialReport requests seen.</summary>
    public int CredentialReportRequests => Volatile.Read(ref _reportRequests);

    /// <summary>Forget the frozen report: the next GetCredentialReport captures moto's current one (AWS generated a new report).</summary>
    public void RegenerateReport()
    {
        lock (_gate)
        {
            _frozenContent = null;
        }
    }

    public static StaleReportProxy Start(Uri upstream)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(endpoint.ToString());
            try
            {
                listener.Start();
                return new StaleReportProxy(listener, endpoint, upstream);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _http.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
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
        var response = context.Response;
        try
        {
            var request = context.Request;
            byte[] body;
            using (var buffer = new MemoryStream())
            {
                await request.InputStream.CopyToAsync(buffer, _stop.Token).ConfigureAwait(false);
                body = buffer.ToArray();
            }

            if (Action(request.ContentType, body) is { } action && _denied.ContainsKey(action))
            {
                var denied = Encoding.UTF8.GetBytes(
                    "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>" +
                    $"<Message>User: arn:aws:sts::123456789012:assumed-role/auditor/test is not authorized to perform: iam:{action}</Message></Error>" +
                    "<RequestId>stale-report-proxy</RequestId></ErrorResponse>");
                response.StatusCode = 403;
                response.ContentType = "text/xml";
                response.ContentLength64 = denied.Length;
                await response.OutputStream.WriteAsync(denied, _stop.Token).ConfigureAwait(false);
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_upstream, request.RawUrl));
            if (body.Length > 0 || request.HttpMethod is "POST" or "PUT" or "PATCH")
            {
                forward.Content = new ByteArrayContent(body);
            }

            foreach (var name in request.Headers.AllKeys)
            {
                if (name is null || HopByHop.Contains(name))
                {
                    continue;
                }

                var value = request.Headers[name]!;
                if (!forward.Headers.TryAddWithoutValidation(name, value))
                {
                    forward.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var answer = await _http.SendAsync(forward, HttpCompletionOption.ResponseContentRead, _stop.Token).ConfigureAwait(false);
            var payload = await answer.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
            if (answer.IsSuccessStatusCode && Action(request.ContentType, body) == "GetCredentialReport")
            {
                payload = Rewrite(payload);
            }

            response.StatusCode = (int)answer.StatusCode;
            foreach (var header in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!HopByHop.Contains(header.Key))
                {
                    response.Headers[header.Key] = string.Join(",", header.Value);
                }
            }

            response.ContentLength64 = payload.Length;
            await response.OutputStream.WriteAsync(payload, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or HttpListenerException)
        {
            try
            {
                response.StatusCode = 502;
            }
            catch (InvalidOperationException)
            {
                // Headers already sent.
            }
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    /// <summary>The query-protocol <c>Action</c> of a form-encoded request; null for anything else.</summary>
    private static string? Action(string? contentType, byte[] body)
    {
        if (contentType is null || !contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var pair in Encoding.UTF8.GetString(body).Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && Uri.UnescapeDataString(pair[..eq]) == "Action")
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    /// <summary>The reply with the frozen content, the chosen GeneratedTime and the root row, XML otherwise unchanged.</summary>
    private byte[] Rewrite(byte[] payload)
    {
        Interlocked.Increment(ref _reportRequests);
        XDocument document;
        using (var stream = new MemoryStream(payload))
        {
            document = XDocument.Load(stream);
        }

        var content = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Content");
        var generated = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "GeneratedTime");
        if (content is not null)
        {
            var served = content.Value.Trim();
            if (FreezeReport)
            {
                lock (_gate)
                {
                    _frozenContent ??= served;
                    served = _frozenContent;
                }
            }

            if (RootRow is { } root)
            {
                var csv = Encoding.UTF8.GetString(Convert.FromBase64String(served));
                var headerEnd = csv.IndexOf('\n', StringComparison.Ordinal);
                csv = csv[..(headerEnd + 1)] + root.TrimEnd('\n') + "\n" + csv[(headerEnd + 1)..];
                served = Convert.ToBase64String(Encoding.UTF8.GetBytes(csv));
            }

            content.Value = served;
        }

        var time = ReportAge is { } age ? DateTimeOffset.UtcNow - age : GeneratedTime;
        if (generated is not null && time is { } t)
        {
            generated.Value = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return Encoding.UTF8.GetBytes(document.Root!.ToString(SaveOptions.DisableFormatting));
    }
}
