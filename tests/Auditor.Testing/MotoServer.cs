using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Auditor.Testing;

/// <summary>
/// moto (as shipped, version 5.2.1) on a free loopback port for the duration of a test collection, through
/// <c>scripts/moto_world.py</c>, whose control API seeds accounts and sets what no AWS API can (dates, root state).
/// It runs on the Python that <c>scripts/python-env</c> finds or makes (see <see cref="PythonEnvironment"/>).
/// The server exits when this process closes its stdin, so a crashed test run leaves nothing behind.
/// </summary>
public sealed partial class MotoServer : IAsyncLifetime, IAsyncDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";

    private readonly HttpClient _control = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:1/");

    /// <summary>How long one control request may take (default 60 s; seeding 10,000 users takes about four minutes).</summary>
    public TimeSpan ControlTimeout
    {
        get => _control.Timeout;
        init => _control.Timeout = value;
    }

    /// <summary>The variables a function needs to talk to this moto: credentials, region, endpoint.</summary>
    public IReadOnlyDictionary<string, string> AwsVariables => new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL"] = Endpoint.ToString().TrimEnd('/'),
    };

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(PythonEnvironment.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.Of("scripts", "moto_world.py"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--exit-on-stdin-close");
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"moto_world.py exited before listening: {Stderr}");
            if (line.StartsWith("MOTO_PORT=", StringComparison.Ordinal))
            {
                Endpoint = new Uri($"http://127.0.0.1:{line["MOTO_PORT=".Length..]}/");
                break;
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Forgets every account, user, finding and detector.</summary>
    public Task ResetAsync() => PostAsync("reset", new JsonObject());

    /// <summary>Seeds a world; see <c>scripts/moto_world.py</c> for the shape.</summary>
    public Task SeedAsync(JsonObject world) => PostAsync("world", world);

    public Task SeedAsync(string worldJson) => PostAsync("world", JsonNode.Parse(worldJson)!.AsObject());

    /// <summary>Runs one boto3 call (snake_case operation) against moto and returns its result.</summary>
    public Task<JsonNode?> CallAsync(string service, string operation, JsonObject? parameters = null, string region = Region) =>
        PostAsync("call", new JsonObject
        {
            ["service"] = service,
            ["region"] = region,
            ["operation"] = operation,
            ["params"] = parameters ?? new JsonObject(),
        });

    public Task BackdateAsync(JsonObject request) => PostAsync("backdate", request);

    /// <summary>Every finding in one region's Security Hub, read with boto3 (independent of our client).</summary>
    public async Task<IReadOnlyList<JsonObject>> FindingsAsync(string region = Region)
    {
        var findings = new List<JsonObject>();
        string? token = null;
        do
        {
            var parameters = new JsonObject { ["MaxResults"] = 100 };
            if (token is not null)
            {
                parameters["NextToken"] = token;
            }

            var page = (await CallAsync("securityhub", "get_findings", parameters, region).ConfigureAwait(false))!;
            findings.AddRange(page["Findings"]!.AsArray().Select(f => f!.AsObject()));
            token = page["NextToken"]?.GetValue<string>() is { Length: > 0 } next ? next : null;
        }
        while (token is not null);

        return findings;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        _control.Dispose();
        if (_process is { HasExited: false })
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    private async Task<JsonNode?> PostAsync(string route, JsonObject body)
    {
        using var response = await _control.PostAsync(new Uri(Endpoint, $"_auditor/{route}"), JsonContent.Create(body)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto control {route} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text);
    }
}
