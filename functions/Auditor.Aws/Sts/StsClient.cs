using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.Sts;

/// <summary>
/// STS. AssumeRole goes through AWSSDK.SecurityToken, pointed at the same endpoint override as our own clients.
/// GetCallerIdentity, sent on every run, goes through our own signed sender and resilience pipeline: measured here,
/// the SDK's client re-sends a request by itself after a dropped connection or a cut reply, even with
/// <c>MaxErrorRetry = 0</c>, without limit and unseen by our counters, and surfaces an unreadable reply as a bare
/// <c>XmlException</c>.
/// </summary>
public sealed class StsClient : IDisposable
{
    private const string Version = "2011-06-15";

    /// <summary>Needs no permission: any credentials may ask who they are.</summary>
    public static readonly AwsOperation GetCallerIdentity = new(AwsService.Sts, nameof(GetCallerIdentity), iamAction: null);

    /// <summary>The worker enters member accounts only through the audit role named by the stack's AuditRoleName.</summary>
    public static readonly AwsOperation AssumeRole = new(AwsService.Sts, nameof(AssumeRole), resource: "arn:${AWS::Partition}:iam::*:role/${AuditRoleName}");

    private readonly AwsRequestSender _sender;
    private readonly AmazonSecurityTokenServiceClient _client;
    private readonly AwsResilience _resilience;
    private readonly string _region;

    public StsClient(AwsRequestSender sender, AwsEnvironment environment, AWSCredentials credentials, AwsResilience resilience)
    {
        _sender = sender;
        _region = environment.Region;
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(environment.Region) };
        if (environment.EndpointOverride(AwsService.Sts) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = environment.Region;
        }

        // The SDK would retry on its own; our pipeline does it, counted like every other call.
        config.MaxErrorRetry = 0;
        _client = new AmazonSecurityTokenServiceClient(credentials, config);
        _resilience = resilience;
    }

    /// <summary>The account id of the credentials in use.</summary>
    public async Task<string> GetCallerIdentityAccountAsync(CancellationToken cancellationToken)
    {
        const string operation = nameof(GetCallerIdentity);
        var response = await _sender.SendAsync(GetCallerIdentity, endpoint => AwsRequests.Query(endpoint, operation, Version), cancellationToken).ConfigureAwait(false);
        var account = XmlReply.Load(response, "sts", operation).Find("Account")?.Value.Trim();
        return account is { Length: 12 } && account.All(char.IsAsciiDigit)
            ? account
            : throw XmlReply.Malformed("sts", operation, $"Account '{account}' is not a 12-digit account id");
    }

    /// <summary>
    /// Temporary credentials of <paramref name="roleArn"/> (AssumeRole with an external id). Access denied, a role
    /// that does not exist or a trust policy that refuses us is an <see cref="AwsServiceException"/> with AWS's code
    /// (<c>AccessDenied</c>), not retried: it cannot succeed until someone changes the role.
    /// </summary>
    public async Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var pipeline = _resilience.For(AssumeRole, _region);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                _resilience.Counters.Call(AssumeRole);
                try
                {
                    var response = await _client.AssumeRoleAsync(
                        new AssumeRoleRequest
                        {
                            RoleArn = roleArn,
                            RoleSessionName = sessionName,
                            ExternalId = externalId,
                            DurationSeconds = (int)duration.TotalSeconds,
                        },
                        token).ConfigureAwait(false);
                    var c = response.Credentials;
                    return new AssumedRoleCredentials(
                        new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
                        c.Expiration is { } expiration ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc)) : null,
                        response.AssumedRoleUser?.Arn);
                }
                catch (AmazonServiceException e)
                {
                    throw new AwsServiceException("sts", "AssumeRole", e.ErrorCode ?? "Unknown", e.Message, e.StatusCode, e.RequestId);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>A role's temporary credentials, when they expire, and the assumed-role ARN STS reported.</summary>
public sealed record AssumedRoleCredentials(AWSCredentials Credentials, DateTimeOffset? Expiration, string? AssumedRoleArn);
