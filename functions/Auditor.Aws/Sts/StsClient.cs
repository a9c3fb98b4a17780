using Auditor.Aws.Http;

namespace Auditor.Aws.Sts;

/// <summary>
/// STS over its query protocol (XML replies), through the same signed sender and resilience pipeline as every
/// other client. Not through AWSSDK.SecurityToken: its client re-sends a request by itself after a dropped
/// connection or a cut reply, even with <c>MaxErrorRetry = 0</c>, without limit and unseen by our counters, and
/// surfaces an unreadable reply as a bare <c>XmlException</c>.
/// </summary>
public sealed class StsClient : IDisposable
{
    private const string Version = "2011-06-15";
    private readonly AwsRequestSender _sender;

    public StsClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>The account id of the credentials in use.</summary>
    public async Task<string> GetCallerIdentityAccountAsync(CancellationToken cancellationToken)
    {
        const string operation = "GetCallerIdentity";
        var response = await _sender.SendAsync(operation, endpoint => AwsRequests.Query(endpoint, operation, Version), cancellationToken).ConfigureAwait(false);
        var account = XmlReply.Load(response, "sts", operation).Find("Account")?.Value.Trim();
        return account is { Length: 12 } && account.All(char.IsAsciiDigit)
            ? account
            : throw XmlReply.Malformed("sts", operation, $"Account '{account}' is not a 12-digit account id");
    }

    public void Dispose()
    {
        // Nothing to release: the HTTP connections belong to the client factory's shared pool.
    }
}
