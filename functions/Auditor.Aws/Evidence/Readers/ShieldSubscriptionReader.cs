using Auditor.Aws.Http;
using Auditor.Aws.Shield;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>The Shield Advanced subscription: its state, and for an active one its auto-renew setting (global, us-east-1).</summary>
public sealed class ShieldSubscriptionReader() : AccountEvidenceReader<ShieldSubscription>(EvidenceKinds.ShieldSubscription)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [ShieldClient.GetSubscriptionState, ShieldClient.DescribeSubscription];

    protected override Task<ShieldSubscription> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken) =>
        context.Clients.Shield().GetSubscriptionAsync(cancellationToken);
}
