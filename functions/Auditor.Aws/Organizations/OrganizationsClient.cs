using System.Text.Json;
using Auditor.Aws.Http;

namespace Auditor.Aws.Organizations;

/// <summary>
/// AWS Organizations over json 1.1; a global service at <c>organizations.us-east-1.amazonaws.com</c>, signed for
/// us-east-1. Only the management account or a delegated administrator may list the organization's accounts.
/// </summary>
public sealed class OrganizationsClient
{
    /// <summary>The largest page ListAccounts serves.</summary>
    public const int MaxPageSize = 20;

    private const string TargetPrefix = "AWSOrganizationsV20161128.";
    private readonly AwsRequestSender _sender;

    public OrganizationsClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// Every account of the organization, in whatever state, across all pages (pages may be empty while a
    /// NextToken remains, so paging stops only when there is no token).
    /// </summary>
    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken cancellationToken, int pageSize = MaxPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var accounts = new List<OrganizationAccount>();
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? nextToken = null;
        do
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new ListAccountsRequest(pageSize, nextToken), OrganizationsJsonContext.Default.ListAccountsRequest);
            var response = await _sender.SendAsync(
                "ListAccounts",
                endpoint => AwsRequests.Json11(endpoint, TargetPrefix + "ListAccounts", body),
                cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, OrganizationsJsonContext.Default.ListAccountsResponse, "organizations", "ListAccounts");
            foreach (var account in page.Accounts ?? [])
            {
                if (string.IsNullOrEmpty(account.Id))
                {
                    throw XmlReply.Malformed("organizations", "ListAccounts", "an account without Id");
                }

                accounts.Add(account);
            }

            nextToken = page.NextToken is { Length: > 0 } token ? token : null;
            if (nextToken is not null && !seenTokens.Add(nextToken))
            {
                throw XmlReply.Malformed("organizations", "ListAccounts", "the same NextToken came back twice");
            }
        }
        while (nextToken is not null);

        return accounts;
    }
}
