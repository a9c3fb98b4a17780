using Auditor.Aws.CloudTrail;
using Auditor.Aws.Http;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence.Readers;

/// <summary>
/// The root user's CloudTrail events within the look-back (at most CloudTrail's 90 days of event history), per region:
/// the audited regions and the region where the events of global services (IAM, STS, console sign-in) are recorded,
/// which is read even when it is not audited.
/// </summary>
public sealed class RootCloudTrailEventsReader() : RegionalEvidenceReader<RootEventLookup>(EvidenceKinds.RootCloudTrailEvents)
{
    public override IReadOnlyList<AwsOperation> Operations { get; } = [CloudTrailClient.LookupEvents];

    /// <summary>
    /// Where CloudTrail records the events of global services (IAM, STS, console sign-in): us-east-1 in the commercial
    /// partition, the first region of the others.
    /// </summary>
    public static string GlobalEventsRegion(string partition) => partition switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    };

    /// <summary>The region of global-service events first, then the other audited regions by name.</summary>
    protected override IEnumerable<string> RegionsToRead(EvidenceReadContext context)
    {
        var global = GlobalEventsRegion(context.Scope.Partition);
        return context.Regions.Where(r => r != global).Order(StringComparer.Ordinal).Prepend(global);
    }

    protected override Task<RootEventLookup> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken)
    {
        var end = context.Time.GetUtcNow();
        var lookback = TimeSpan.FromDays(context.Settings.RootActivityLookbackDays);
        var history = CloudTrailClient.EventHistory - TimeSpan.FromMinutes(5);
        var start = end - (lookback < history ? lookback : history);
        return context.Clients.CloudTrail(region).LookupRootEventsAsync(start, end, cancellationToken);
    }
}
