using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Auditor.Aws.Resilience;
using Auditor.Function.Configuration;
using Auditor.Function.Logging;
using Auditor.Function.Runtime;
using Auditor.Function.Tests.Support;
using Auditor.Testing;
using CsCheck;

namespace Auditor.Function.Tests.Events;

/// <summary>
/// Property: for thousands of mutated and random events, each of the four functions answers with a result or a named
/// error (never a .NET exception's name, never a stack trace for a refused event), writes nothing anywhere, and never
/// returns an error message over 1 KB for a refused event. AWS here is a loopback endpoint that records every request
/// and refuses it (403), so an event that gets past its parser fails at the first call and nothing can be written.
/// </summary>
public sealed partial class HostileEventPropertyTests : IAsyncDisposable
{
    private const long Iterations = 3000;
    private static readonly string[] Functions = ["audit", "dispatch", "worker", "root-alert"];

    // Paths and targets of the operations that change something: Security Hub's imports and updates, SQS's sends.
    private static readonly string[] WriteMarkers = ["/findings/import", "/findings/batchupdate", "SendMessage", "BatchImportFindings", "BatchUpdateFindings"];

    private readonly ConcurrentQueue<string> _requests = new();
    private readonly LoopbackHttpServer _aws;

    public HostileEventPropertyTests() =>
        _aws = LoopbackHttpServer.Start((request, _) =>
        {
            _requests.Enqueue($"{request.Method} {request.Target} {request.Header("X-Amz-Target")} {request.BodyText}");
            return Task.FromResult(LoopbackResponse.Empty(403));
        });

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    [Fact]
    public void Every_function_answers_hostile_events_with_a_result_or_a_short_named_error_and_writes_nothing()
    {
        var hosts = Functions.ToDictionary(f => f, f => FunctionHost.Create(f, Environment()));
        var refused = 0;
        var accepted = 0;

        Gen.Int.Sample(
            seed =>
            {
                var payload = HostileEvents.Make(seed);
                foreach (var (name, host) in hosts)
                {
                    _requests.Clear();
                    var invocation = new Invocation($"prop-{seed}", DateTimeOffset.UtcNow.AddMinutes(5), null, null, payload);
                    var result = Task.Run(() => host.InvokeAsync(invocation, TimeProvider.System, CancellationToken.None)).GetAwaiter().GetResult();
                    var requests = _requests.ToArray();
                    Assert.DoesNotContain(requests, r => WriteMarkers.Any(m => r.Contains(m, StringComparison.Ordinal)));
                    if (result.Succeeded)
                    {
                        accepted++;
                        continue;
                    }

                    var error = result.Error!;
                    Assert.True(NamedErrorType().IsMatch(error.ErrorType), $"{name}: seed {seed}: not a named error: {error.ErrorType}: {Short(error.ErrorMessage)}");
                    if (error.ErrorType == "InvalidEvent")
                    {
                        refused++;
                        Assert.Empty(requests);
                        Assert.Empty(error.StackTrace);
                        Assert.True(Encoding.UTF8.GetByteCount(error.ErrorMessage) <= 1024, $"{name}: seed {seed}: a {Encoding.UTF8.GetByteCount(error.ErrorMessage)}-byte error: {Short(error.ErrorMessage)}");
                    }
                }
            },
            iter: Iterations,
            threads: 1);

        // The mutations reach both sides: most events are refused, and some get past every check to the first AWS call.
        Assert.True(refused > Iterations, $"only {refused} refusals");
        Assert.True(accepted > 0, "no event was ever accepted; the mutations never get past the parsers");
    }

    // Auditor's own error types (InvalidEvent, DeadlineReached, …) and Aws.<ErrorCode>: never a .NET exception's name.
    [GeneratedRegex(@"^(Invalid(Event|Request|Configuration)|SecurityHubNotEnabled|DeadlineReached|ImportFailed|DispatchIncomplete|Aws\.[A-Za-z0-9]+)$")]
    private static partial Regex NamedErrorType();

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private FunctionEnvironment Environment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = _aws.BaseAddress.ToString(),
            [OrganizationConfiguration.QueueUrl] = new Uri(_aws.BaseAddress, "123456789012/auditor-audit-queue").ToString(),
            [OrganizationConfiguration.ExternalId] = "auditor-external-id",
        };
        return new FunctionEnvironment
        {
            Variables = name => variables.GetValueOrDefault(name),
            Time = TimeProvider.System,
            Log = new JsonLog(TextWriter.Null, TimeProvider.System, "ERROR"),
            Resilience = new ResilienceOptions { MaxRetryAttempts = 0, AttemptTimeout = TimeSpan.FromSeconds(20) },
            Credentials = () => new BasicAWSCredentials("testing", "testing"),
        };
    }
}
