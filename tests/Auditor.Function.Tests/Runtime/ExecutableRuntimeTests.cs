using System.Text.Json;
using Auditor.Function.Tests.Support;

namespace Auditor.Function.Tests.Runtime;

/// <summary>
/// The real executable (<c>dotnet Auditor.Function.dll</c>, as the managed dotnet10 runtime starts it) against the
/// Runtime API emulator: what Lambda sees at init and per invocation.
/// </summary>
public sealed class ExecutableRuntimeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unknown_AUDITOR_FUNCTION_posts_one_init_error_and_the_process_exits_non_zero()
    {
        await using var api = new RuntimeApiEmulator();
        using var process = ChildProcess.Start("dotnet", [ChildProcess.FunctionDll], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AUDITOR_FUNCTION"] = "no-such-function",
            ["AWS_REGION"] = "us-east-1",
        });
        var stderr = ChildProcess.CaptureStderr(process);
        try
        {
            using var limit = new CancellationTokenSource(Wait);
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            await ChildProcess.StopAsync(process);
        }

        Assert.NotEqual(0, process.ExitCode);
        var post = await api.NextPostAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("init/error", post.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.ContentType);
        var type = post.Header("Lambda-Runtime-Function-Error-Type");
        Assert.False(string.IsNullOrEmpty(type));
        Assert.Equal(type, post.Json["errorType"]!.GetValue<string>());
        var message = post.Json["errorMessage"]!.GetValue<string>();
        Assert.Contains("AUDITOR_FUNCTION", message, StringComparison.Ordinal);
        Assert.Contains("no-such-function", message, StringComparison.Ordinal);
        Assert.NotNull(post.Json["stackTrace"]);
        Assert.False(api.HasPendingPost, "more than one POST: " + string.Join(", ", api.Requests));
        Assert.Equal(["POST /2018-06-01/runtime/init/error"], api.Requests);
        string log;
        lock (stderr)
        {
            log = stderr.ToString();
        }

        Assert.Contains(log.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            JsonDocument.Parse(line).RootElement.GetProperty("level").GetString() == "ERROR");
    }

    [Fact]
    public async Task The_executable_reports_each_bad_event_as_an_invocation_error_and_keeps_serving()
    {
        await using var api = new RuntimeApiEmulator();
        api.Enqueue("exe-1", """{"regions":["us-east-1"],"bogus":true}""", DateTimeOffset.UtcNow.AddMinutes(5));
        api.Enqueue("exe-2", "[1,2,3]", DateTimeOffset.UtcNow.AddMinutes(5));
        using var process = ChildProcess.Start("dotnet", [ChildProcess.FunctionDll], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["AUDITOR_FUNCTION"] = "audit",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            // Nothing here may reach AWS: a bad event is refused before any call.
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
        });
        var stderr = ChildProcess.CaptureStderr(process);
        RecordedPost first, second;
        try
        {
            first = await api.NextPostAsync(Wait);
            second = await api.NextPostAsync(Wait);

            // A third `next` means the loop went on waiting for work after two errors.
            await api.WaitForNextRequestsAsync(3, Wait);

            Assert.False(process.HasExited, "the runtime exited after an invocation error");
        }
        finally
        {
            await ChildProcess.StopAsync(process);
        }

        Assert.Equal("invocation/exe-1/error", first.Path);
        Assert.Equal("application/vnd.aws.lambda.error+json", first.ContentType);
        Assert.Equal("InvalidEvent", first.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("InvalidEvent", first.Json["errorType"]!.GetValue<string>());
        Assert.StartsWith("bogus:", first.Json["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal("invocation/exe-2/error", second.Path);
        Assert.Equal("InvalidEvent", second.Json["errorType"]!.GetValue<string>());
        Assert.StartsWith("event:", second.Json["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);

        string log;
        lock (stderr)
        {
            log = stderr.ToString();
        }

        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(lines, l => l.TryGetProperty("requestId", out var id) && id.GetString() == "exe-1" && l.GetProperty("level").GetString() == "ERROR");
        Assert.Contains(lines, l => l.TryGetProperty("requestId", out var id) && id.GetString() == "exe-2");
    }
}
