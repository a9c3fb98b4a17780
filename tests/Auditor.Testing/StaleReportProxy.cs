using System.Collections.Concurrent;
using System.Globalization;
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
    private readonly LoopbackHttpServer _server;
    private readonly UpstreamForwarder _upstream;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private string? _frozenContent;
    private int _reportRequests;

    private StaleReportProxy(Uri upstream)
    {
        _upstream = new UpstreamForwarder(upstream);
        _server = LoopbackHttpServer.Start(AnswerAsync);
    }

    /// <summary>Where clients send their requests (<c>AWS_ENDPOINT_URL_IAM</c>).</summary>
    public Uri Endpoint => _server.BaseAddress;

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

    public static StaleReportProxy Start(Uri upstream) => new(upstream);

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        var action = Action(request.ContentType, request.Body);
        if (action is not null && _denied.ContainsKey(action))
        {
            return LoopbackResponse.Text(
                403,
                "text/xml",
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>" +
                $"<Message>User: arn:aws:sts::123456789012:assumed-role/auditor/test is not authorized to perform: iam:{action}</Message></Error>" +
                "<RequestId>stale-report-proxy</RequestId></ErrorResponse>");
        }

        LoopbackResponse answer;
        try
        {
            answer = await _upstream.ForwardAsync(request).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return LoopbackResponse.Empty(502);
        }

        return answer.Status is >= 200 and < 300 && action == "GetCredentialReport"
            ? answer with { Body = Rewrite(answer.Body) }
            : answer;
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
