using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Auditor.Aws.Http;
using Auditor.Aws.Resilience;

namespace Auditor.Aws.Sts;

/// <summary>STS through AWSSDK.SecurityToken, pointed at the same endpoint override as our own clients.</summary>
public sealed class StsClient : IDisposable
{
    private readonly AmazonSecurityTokenServiceClient _client;
    private readonly AwsResilience _resilience;
    private readonly string _region;

    public StsClient(AwsEnvironment environment, AWSCredentials credentials, AwsResilience resilience)
    {
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
        var pipeline = _resilience.For("sts", _region, "GetCallerIdentity");
        return await pipeline.ExecuteAsync(
            async token =>
            {
                _resilience.Counters.Call("sts", "GetCallerIdentity");
                try
                {
                    var response = await _client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), token).ConfigureAwait(false);
                    return response.Account;
                }
                catch (AmazonServiceException e)
                {
                    // Mapped inside the pipeline so that throttling and 5xx are retried by our one rule.
                    throw new AwsServiceException("sts", "GetCallerIdentity", e.ErrorCode ?? "Unknown", e.Message, e.StatusCode, e.RequestId);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Temporary credentials of <paramref name="roleArn"/> (AssumeRole with an external id). Access denied, a role
    /// that does not exist or a trust policy that refuses us is an <see cref="AwsServiceException"/> with AWS's code
    /// (<c>AccessDenied</c>), not retried: it cannot succeed until someone changes the role.
    /// </summary>
    public async Task<AssumedRoleCredentials> AssumeRoleAsync(string roleArn, string sessionName, string? externalId, TimeSpan duration, CancellationToken cancellationToken)
    {
        var pipeline = _resilience.For("sts", _region, "AssumeRole");
        return await pipeline.ExecuteAsync(
            async token =>
            {
                _resilience.Counters.Call("sts", "AssumeRole");
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
