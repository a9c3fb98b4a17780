using System.Text.Json;
using Auditor.Aws.Http;
using Auditor.Core.Model;

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

    public static readonly AwsOperation ListAccounts = new(AwsService.Organizations, nameof(ListAccounts));

    /// <summary>One account of the organization: granted on its ARN, <c>account/o-*/*</c> under any management account.</summary>
    public static readonly AwsOperation DescribeAccount = new(AwsService.Organizations, nameof(DescribeAccount), resource: "arn:${AWS::Partition}:organizations::*:account/o-*/*");
    public static readonly AwsOperation DescribeOrganization = new(AwsService.Organizations, nameof(DescribeOrganization));

    private readonly AwsRequestSender _sender;

    public OrganizationsClient(AwsRequestSender sender) => _sender = sender;

    /// <summary>
    /// One account of the caller's organization; an account outside it is AWS's <c>AccountNotFoundException</c>
    /// (an <see cref="AwsServiceException"/> with that code).
    /// </summary>
    public async Task<OrganizationAccount> DescribeAccountAsync(string accountId, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new DescribeAccountRequest(accountId), OrganizationsJsonContext.Default.DescribeAccountRequest);
        var response = await _sender.SendAsync(
            DescribeAccount,
            endpoint => AwsRequests.Json11(endpoint, TargetPrefix + DescribeAccount.Name, body),
            cancellationToken).ConfigureAwait(false);
        var reply = JsonReply.Read(response, OrganizationsJsonContext.Default.DescribeAccountResponse, "organizations", "DescribeAccount");
        return reply.Account is { Id.Length: > 0 } account
            ? account
            : throw XmlReply.Malformed("organizations", "DescribeAccount", "no Account with an Id");
    }

    /// <summary>
    /// Every account of the organization, in whatever state, across all pages (pages may be empty while a
    /// NextToken remains, so paging stops only when there is no token).
    /// </summary>
    public async Task<IReadOnlyList<OrganizationAccount>> ListAccountsAsync(CancellationToken cancellationToken, int pageSize = MaxPageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        return await Paginator.ReadAllAsync(ListAccounts, "NextToken", async nextToken =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new ListAccountsRequest(pageSize, nextToken), OrganizationsJsonContext.Default.ListAccountsRequest);
            var response = await _sender.SendAsync(
                ListAccounts,
                endpoint => AwsRequests.Json11(endpoint, TargetPrefix + ListAccounts.Name, body),
                cancellationToken).ConfigureAwait(false);
            var page = JsonReply.Read(response, OrganizationsJsonContext.Default.ListAccountsResponse, "organizations", "ListAccounts");
            var accounts = page.Accounts ?? [];
            return accounts.Any(a => string.IsNullOrEmpty(a.Id))
                ? throw XmlReply.Malformed("organizations", "ListAccounts", "an account without Id")
                : new Page<OrganizationAccount>(accounts, page.NextToken);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The organization the calling account belongs to (any member may ask), or
    /// <see cref="OrganizationMembership.NotAMember"/> when Organizations answers <c>AWSOrganizationsNotInUseException</c>.
    /// </summary>
    public async Task<OrganizationMembership> DescribeOrganizationAsync(CancellationToken cancellationToken)
    {
        AwsResponse response;
        try
        {
            response = await _sender.SendAsync(
                DescribeOrganization,
                endpoint => AwsRequests.Json11(endpoint, TargetPrefix + DescribeOrganization.Name, AwsRequests.EmptyJsonObject),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException e) when (e.ErrorCode == "AWSOrganizationsNotInUseException")
        {
            return OrganizationMembership.NotAMember;
        }

        var organization = JsonReply.Read(response, OrganizationsJsonContext.Default.DescribeOrganizationResponse, "organizations", "DescribeOrganization").Organization;
        return organization?.Id is { Length: > 0 } id
            ? new OrganizationMembership(id, organization.MasterAccountId, organization.FeatureSet)
            : throw XmlReply.Malformed("organizations", "DescribeOrganization", "no Organization.Id");
    }
}
