using Auditor.Aws.Http;
using Auditor.Aws.Organizations;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The AWS Organization the audited account belongs to: one <c>DescribeOrganization</c> per account.</summary>
public sealed class OrganizationMembershipReader() : AccountEvidenceReader<OrganizationMembership>(EvidenceKinds.OrganizationMembership)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [OrganizationsClient.DescribeOrganization];

    protected override Task<OrganizationMembership> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Organizations().DescribeOrganizationAsync(cancellationToken);
}
