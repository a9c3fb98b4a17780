using System.Diagnostics;
using System.Net;

namespace Auditor.ColdStart;

/// <summary>
/// An <see cref="HttpListener"/> on a free 127.0.0.1 port that hands every request, with the <see cref="Stopwatch"/>
/// timestamp of its arrival, to a handler on the thread pool (so a held request never blocks the next one).
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, long, Task> _answer;
    private readonly Task _serving;

    public LoopbackListener(Func<HttpListenerContext, long, Task> answer)
    {
        _answer = answer;
        Address = $"127.0.0.1:{FreePort()}";
        _listener.Prefixes.Add($"http://{Address}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
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

            var arrived = Stopwatch.GetTimestamp();
            _ = Task.Run(() => _answer(context, arrived));
        }
    }

    /// <summary>A port that is free on 127.0.0.1 now.</summary>
    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
