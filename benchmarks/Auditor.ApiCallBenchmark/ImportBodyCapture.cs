using System.Collections.Concurrent;

namespace Auditor.ApiCallBenchmark;

/// <summary>
/// The HTTP handler under the signer that keeps a copy of every BatchImportFindings body Security Hub accepted, byte
/// for byte as sent: what the serialization measurement checks its rebuilt findings against. The body is copied
/// before the send (its buffer is the packer's, reused for the next body) and kept only when the attempt succeeded,
/// so an attempt that was retried is not counted twice. The copy is a memory copy of about 2 KB a finding, next to
/// nothing beside a request to moto.
/// </summary>
internal sealed class ImportBodyCapture : DelegatingHandler
{
    private readonly ConcurrentQueue<byte[]> _bodies = new();

    // The same settings as AwsClientFactory's shared pool: only the capture is added.
    public ImportBodyCapture()
        : base(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        })
    {
    }

    /// <summary>The bodies accepted since the last call, in the order they were answered.</summary>
    public IReadOnlyList<byte[]> Take()
    {
        var bodies = new List<byte[]>();
        while (_bodies.TryDequeue(out var body))
        {
            bodies.Add(body);
        }

        return bodies;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Method == HttpMethod.Post && request.Content is not null && request.RequestUri?.AbsolutePath.EndsWith("/findings/import", StringComparison.Ordinal) == true
            ? await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)
            : null;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is not null && response.IsSuccessStatusCode)
        {
            _bodies.Enqueue(body);
        }

        return response;
    }
}
