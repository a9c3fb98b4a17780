using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Auditor.Aws.AccessAnalyzer;
using Auditor.Aws.CloudTrail;
using Auditor.Aws.CloudWatch;
using Auditor.Aws.CloudWatchLogs;
using Auditor.Aws.Ec2;
using Auditor.Aws.GuardDuty;
using Auditor.Aws.Iam;
using Auditor.Aws.Inspector2;
using Auditor.Aws.Kms;
using Auditor.Aws.Organizations;
using Auditor.Aws.Resilience;
using Auditor.Aws.S3;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Shield;
using Auditor.Aws.Sts;

namespace Auditor.Aws.Http;

/// <summary>
/// Creates the service clients for one set of credentials. Requests go through AWSSDK.Core's
/// <see cref="SigV4SigningHandler"/> (which resolves the credentials on every send, so expiring
/// credentials are refreshed mid-run) over one shared connection pool. A call refused because its credentials
/// had expired clears refreshing credentials before it is retried, so the retry is signed with new ones.
/// </summary>
public sealed class AwsClientFactory
{
    // One pool for the process. Redirects are off: a redirected request would not be re-signed.
    private static readonly SocketsHttpHandler SharedHandler = new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };

    private readonly ConcurrentDictionary<(string Service, string SigningRegion), HttpClient> _clients = new();
    private readonly HttpMessageHandler _innerHandler;

    public AwsClientFactory(AwsEnvironment environment, AWSCredentials credentials, AwsResilience resilience, HttpMessageHandler? innerHandler = null)
    {
        Environment = environment;
        Credentials = credentials;
        Resilience = resilience;
        _innerHandler = innerHandler ?? SharedHandler;
        resilience.CredentialsExpired ??= () => (credentials as RefreshingAWSCredentials)?.ClearCredentials();
    }

    public AwsEnvironment Environment { get; }

    public AWSCredentials Credentials { get; }

    public AwsResilience Resilience { get; }

    /// <summary>Credentials from the SDK's default chain: environment, profile, SSO, container, instance metadata.</summary>
    public static AWSCredentials DefaultCredentials() => DefaultAWSCredentialsIdentityResolver.GetCredentials(null);

    public IamClient Iam() => new(Sender(AwsService.Iam, Environment.Region)) { TimeProvider = Resilience.Options.TimeProvider };

    public Ec2Client Ec2(string region) => new(Sender(AwsService.Ec2, region));

    public GuardDutyClient GuardDuty(string region) => new(Sender(AwsService.GuardDuty, region));

    public ShieldClient Shield() => new(Sender(AwsService.Shield, Environment.Region), Resilience.Options.TimeProvider);

    public SecurityHubClient SecurityHub(string region) => new(Sender(AwsService.SecurityHub, region));

    public StsClient Sts() => new(Sender(AwsService.Sts, Environment.Region), Environment, Credentials, Resilience);

    public CloudTrailClient CloudTrail(string region) => new(Sender(AwsService.CloudTrail, region));

    public CloudWatchLogsClient CloudWatchLogs(string region) => new(Sender(AwsService.CloudWatchLogs, region));

    public CloudWatchClient CloudWatch(string region) => new(Sender(AwsService.CloudWatch, region));

    public KmsClient Kms(string region) => new(Sender(AwsService.Kms, region));

    public Inspector2Client Inspector2(string region) => new(Sender(AwsService.Inspector2, region));

    public AccessAnalyzerClient AccessAnalyzer(string region) => new(Sender(AwsService.AccessAnalyzer, region));

    public OrganizationsClient Organizations() => new(Sender(AwsService.Organizations, Environment.Region));
    /// <summary>S3 in the function's own region, path-style when an endpoint is configured (emulators have no bucket host names).</summary>
    public S3Client S3() => new(Sender(AwsService.S3, Environment.Region), pathStyle: Environment.EndpointOverride(AwsService.S3) is not null);

    public AwsRequestSender Sender(AwsService service, string region)
    {
        var (endpoint, signingRegion) = Environment.Resolve(service, region);
        var http = _clients.GetOrAdd((service.SigningName, signingRegion), key => new HttpClient(
            new SigV4SigningHandler(Credentials, RegionEndpoint.GetBySystemName(key.SigningRegion), key.Service, _innerHandler),
            disposeHandler: false)
        {
            // Each attempt has its own timeout in the resilience pipeline.
            Timeout = Timeout.InfiniteTimeSpan,
        });
        return new AwsRequestSender(http, service, region, endpoint, Resilience);
    }
}
