namespace Auditor.Aws.Http;

/// <summary>
/// The standard AWS SDK settings read from the environment: the region and the endpoint overrides
/// <c>AWS_ENDPOINT_URL</c> and <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, so emulators such as moto work unchanged.
/// </summary>
public sealed class AwsEnvironment
{
    private readonly Func<string, string?> _variables;

    public AwsEnvironment(Func<string, string?> variables)
    {
        _variables = variables;
        Region = Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1";
    }

    public static AwsEnvironment FromProcess() => new(Environment.GetEnvironmentVariable);

    /// <summary>The function's own region (<c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>).</summary>
    public string Region { get; }

    /// <summary>The partition of <see cref="Region"/>.</summary>
    public string Partition => Region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : Region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>The endpoint and signing region for a service in a region.</summary>
    public (Uri Endpoint, string SigningRegion) Resolve(AwsService service, string region)
    {
        var global = service.Global.GetValueOrDefault(Partition);
        var signingRegion = global?.SigningRegion ?? region;
        var overridden = Get($"AWS_ENDPOINT_URL_{service.EndpointId}") ?? Get("AWS_ENDPOINT_URL");
        if (overridden is not null)
        {
            return (new Uri(overridden.TrimEnd('/') + "/"), signingRegion);
        }

        var suffix = Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
        var host = global?.Host ?? $"{service.HostPrefix}.{region}.{suffix}";
        return (new Uri($"https://{host}/"), signingRegion);
    }

    public string? EndpointOverride(AwsService service) => Get($"AWS_ENDPOINT_URL_{service.EndpointId}") ?? Get("AWS_ENDPOINT_URL");

    private string? Get(string name) => _variables(name) is { Length: > 0 } value ? value : null;
}
