using Amazon.Runtime;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Function.Logging;

namespace Auditor.Function.Configuration;

/// <summary>
/// What every function is built from, composed by hand in one place: the environment, the clock, the log,
/// the resilience options and the AWS credentials. Tests replace any of them.
/// </summary>
public sealed class FunctionEnvironment
{
    public required Func<string, string?> Variables { get; init; }

    public required TimeProvider Time { get; init; }

    public required JsonLog Log { get; init; }

    public ResilienceOptions Resilience { get; init; } = ResilienceOptions.Default;

    /// <summary>Where EMF metric lines go: stdout in Lambda, where CloudWatch Logs extracts them; none by default.</summary>
    public TextWriter Metrics { get; init; } = TextWriter.Null;

    public Func<AWSCredentials> Credentials { get; init; } = AwsClientFactory.DefaultCredentials;

    /// <summary>The innermost HTTP handler under the signer; null = the shared connection pool.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    public static FunctionEnvironment FromProcess(TextWriter log, TextWriter metrics) => new()
    {
        Metrics = TextWriter.Synchronized(metrics),
        Variables = Environment.GetEnvironmentVariable,
        Time = TimeProvider.System,
        Log = new JsonLog(log, TimeProvider.System, Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL")),
    };

    /// <summary>Writes EMF documents, one line each.</summary>
    public void WriteMetrics(IEnumerable<Core.Metrics.EmfDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            Metrics.WriteLine(document.ToJson());
        }

        Metrics.Flush();
    }

    public AwsClientFactory CreateClients(CallCounters counters) =>
        new(new AwsEnvironment(Variables), Credentials(), new AwsResilience(Resilience with { TimeProvider = Time }, counters), HttpHandler);
}
