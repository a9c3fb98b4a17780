using Amazon.Runtime;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Support;

/// <summary>Client factories for tests: fast resilience settings, moto or a fake as the endpoint.</summary>
public static class TestClients
{
    /// <summary>Real retry behaviour with millisecond delays, so a whole test run stays short.</summary>
    public static ResilienceOptions Fast { get; } = new()
    {
        MaxRetryAttempts = 3,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    public static AwsClientFactory Factory(IReadOnlyDictionary<string, string> variables, ResilienceOptions? options = null) =>
        new(
            new AwsEnvironment(name => variables.GetValueOrDefault(name)),
            new BasicAWSCredentials("testing", "testing"),
            new AwsResilience(options ?? Fast, new CallCounters()));

    public static AwsClientFactory ForMoto(MotoServer moto, ResilienceOptions? options = null) => Factory(moto.AwsVariables, options);

    /// <summary>moto for every service except the ones given, which go to their own endpoints.</summary>
    public static AwsClientFactory ForMoto(MotoServer moto, IReadOnlyDictionary<string, string> overrides, ResilienceOptions? options = null)
    {
        var variables = new Dictionary<string, string>(moto.AwsVariables);
        foreach (var (name, value) in overrides)
        {
            variables[name] = value;
        }

        return Factory(variables, options);
    }

    /// <summary>Every service at the fake (<c>AWS_ENDPOINT_URL</c>).</summary>
    public static AwsClientFactory ForFake(FakeAws fake, ResilienceOptions? options = null, string region = MotoServer.Region) =>
        Factory(
            new Dictionary<string, string>
            {
                ["AWS_REGION"] = region,
                ["AWS_ENDPOINT_URL"] = fake.Url,
            },
            options);

    public static CallCounters Counters(this AwsClientFactory factory) => factory.Resilience.Counters;

    public static int CallsOf(this AwsClientFactory factory, string serviceOperation) =>
        factory.Resilience.Counters.Calls.GetValueOrDefault(serviceOperation);
}
