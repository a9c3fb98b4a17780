using Auditor.Aws.Http;
using Auditor.Aws.Inspector2;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>Amazon Inspector's status in each audited region: one <c>BatchGetAccountStatus</c> per region.</summary>
public sealed class InspectorStatusReader() : RegionalEvidenceReader<InspectorStatus>(EvidenceKinds.InspectorStatus)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [Inspector2Client.BatchGetAccountStatus];

    protected override Task<InspectorStatus> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken) =>
        context.Clients.Inspector2(region).BatchGetAccountStatusAsync(context.AccountId, cancellationToken);
}
