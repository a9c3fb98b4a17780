using Auditor.Aws.GuardDuty;
using Auditor.Aws.Http;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The GuardDuty detectors of each audited region: <c>ListDetectors</c>, then <c>GetDetector</c> for each.</summary>
public sealed class GuardDutyDetectorsReader() : RegionalEvidenceReader<IReadOnlyList<GuardDutyDetector>>(EvidenceKinds.GuardDutyDetectors)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [GuardDutyClient.ListDetectors, GuardDutyClient.GetDetector];

    protected override async Task<IReadOnlyList<GuardDutyDetector>> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken)
    {
        var client = context.Clients.GuardDuty(region);
        var ids = await client.ListDetectorsAsync(cancellationToken).ConfigureAwait(false);
        return await Task.WhenAll(ids.Select(id => client.GetDetectorAsync(id, cancellationToken))).ConfigureAwait(false);
    }
}
