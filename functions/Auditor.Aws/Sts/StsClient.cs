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
        const string operation = "GetCallerIdentity";
        var pipeline = _resilience.For("sts", _region, operation);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    _resilience.Counters.Call("sts", operation);
                    try
                    {
                        var response = await _client.GetCallerIdentityAsync(new GetCallerIdentityRequest(), token).ConfigureAwait(false);
                        return response.Account;
                    }
                    catch (AmazonUnmarshallingException e)
                    {
                        // A success whose body could not be read: cut short on the way, so worth another attempt.
                        throw new AwsServiceException("sts", operation, TransientErrors.IncompleteResponse, e.Message, e.StatusCode == 0 ? System.Net.HttpStatusCode.OK : e.StatusCode, e.RequestId, null, e);
                    }
                    catch (AmazonServiceException e) when (e.StatusCode == 0 && e.InnerException is { } inner && TransientErrors.IsTransient(inner))
                    {
                        // The SDK wraps a dropped connection; unwrap it so our one rule retries it.
                        throw inner;
                    }
                    catch (AmazonServiceException e)
                    {
                        // Mapped inside the pipeline so that throttling and 5xx are retried by our one rule.
                        throw new AwsServiceException("sts", operation, e.ErrorCode ?? "Unknown", e.Message, e.StatusCode, e.RequestId);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TransientErrors.IsTransient(e) && e is not AwsServiceException)
        {
            _resilience.Counters.Exhausted("sts", operation);
            var code = e is Polly.Timeout.TimeoutRejectedException ? TransientErrors.Timeout : TransientErrors.ConnectionFailed;
            throw AwsServiceException.WithoutAnswer("sts", operation, code, e.Message, e);
        }
        catch (AwsServiceException e) when (!cancellationToken.IsCancellationRequested && TransientErrors.IsTransient(e))
        {
            _resilience.Counters.Exhausted("sts", operation);
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}
