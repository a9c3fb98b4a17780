using System.Diagnostics;
using System.Globalization;
using Auditor.Testing;

namespace Auditor.ColdStart;

/// <summary>
/// A minimal Lambda Runtime API (2018-06-01) on loopback that serves one event per run and notes, on the harness's
/// clock, when the function first asks for an event (init done) and when it posts the response (first invoke done).
/// A second <c>next</c> is left waiting, as the Lambda service does while the sandbox is frozen.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly object _gate = new();
    private Run? _run;

    public RuntimeApiEmulator() => _server = LoopbackHttpServer.Start(AnswerAsync);

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address => _server.BaseAddress.Authority;

    /// <summary>Arms the emulator for one cold start: the next <c>GET …/invocation/next</c> gets <paramref name="payload"/>.</summary>
    public Run Arm(byte[] payload)
    {
        var run = new Run(Guid.NewGuid().ToString(), payload);
        lock (_gate)
        {
            _run = run;
        }

        return run;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<LoopbackResponse> AnswerAsync(LoopbackRequest request, CancellationToken aborted)
    {
        Run? run;
        lock (_gate)
        {
            run = _run;
        }

        var path = request.Path;
        if (run is null)
        {
            return LoopbackResponse.Empty(500);
        }

        if (request.Method == "GET" && path.EndsWith("/runtime/invocation/next", StringComparison.Ordinal))
        {
            if (!run.TryTakeEvent(request.ArrivedAt))
            {
                // The function is done with its one event: hold the request, as a frozen sandbox would.
                await run.Finished.WaitAsync(aborted).ConfigureAwait(false);
                return LoopbackResponse.Reset;
            }

            return new LoopbackResponse(
                200,
                [
                    new("Content-Type", "application/json"),
                    new("Lambda-Runtime-Aws-Request-Id", run.RequestId),
                    new("Lambda-Runtime-Deadline-Ms", DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                    new("Lambda-Runtime-Invoked-Function-Arn", $"arn:aws:lambda:us-east-1:{FakeAws.AccountId}:function:auditor-audit"),
                    new("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0"),
                ],
                run.Payload);
        }

        var outcome = path switch
        {
            _ when path.EndsWith($"/invocation/{run.RequestId}/response", StringComparison.Ordinal) => Outcome.Response,
            _ when path.EndsWith($"/invocation/{run.RequestId}/error", StringComparison.Ordinal) => Outcome.Error,
            _ when path.EndsWith("/init/error", StringComparison.Ordinal) => Outcome.InitError,
            _ => Outcome.Unexpected,
        };
        run.Complete(outcome, request.ArrivedAt, request.BodyText);
        return LoopbackResponse.Empty(outcome == Outcome.Unexpected ? 404 : 202);
    }

    public enum Outcome
    {
        Response,
        Error,
        InitError,
        Unexpected,
    }

    /// <summary>One cold start as the emulator saw it, in <see cref="Stopwatch"/> timestamps.</summary>
    public sealed class Run(string requestId, byte[] payload)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _eventTaken;

        public string RequestId { get; } = requestId;

        public byte[] Payload { get; } = payload;

        public long NextAt { get; private set; }

        public long DoneAt { get; private set; }

        public Outcome Result { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public Task Finished => _finished.Task;

        internal bool TryTakeEvent(long arrived)
        {
            if (Interlocked.Exchange(ref _eventTaken, 1) != 0)
            {
                return false;
            }

            NextAt = arrived;
            return true;
        }

        internal void Complete(Outcome outcome, long arrived, string body)
        {
            DoneAt = arrived;
            Result = outcome;
            Body = body;
            _finished.TrySetResult();
        }
    }
}
