using Auditor.Aws.Http;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Sts;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Aws.RootAlerts;

/// <summary>
/// Imports the <c>root.event</c> finding of one root event into Security Hub, once: the finding id comes from the
/// CloudTrail event id, and an event whose finding is already there (EventBridge delivers at least once) is not
/// imported again, so its CreatedAt and any workflow a team has set stay as they are.
/// </summary>
public sealed class RootEventImporter
{
    private readonly AwsClientFactory _clients;
    private readonly TimeProvider _time;

    public RootEventImporter(AwsClientFactory clients, TimeProvider time)
    {
        _clients = clients;
        _time = time;
    }

    /// <summary>Every operation an import calls: the permissions of the root-alert function's role.</summary>
    public static IReadOnlyList<AwsOperation> Operations { get; } =
        [StsClient.GetCallerIdentity, SecurityHubClient.DescribeHub, SecurityHubClient.GetFindings, SecurityHubClient.BatchImportFindings];

    /// <param name="eventAccountId">The account the event came from; it must be the caller's own.</param>
    /// <param name="importRegion">The Security Hub region to import into.</param>
    public async Task<RootEventImport> ImportAsync(RootEventRecord record, string eventAccountId, string importRegion, CancellationToken cancellationToken)
    {
        string accountId;
        using (var sts = _clients.Sts())
        {
            accountId = await sts.GetCallerIdentityAccountAsync(cancellationToken).ConfigureAwait(false);
        }

        if (eventAccountId != accountId)
        {
            throw new AuditRequestException("account", $"the event is from account {eventAccountId}; this function imports findings of its own account {accountId} only");
        }

        var hub = _clients.SecurityHub(importRegion);
        await hub.EnsureEnabledAsync(cancellationToken).ConfigureAwait(false);

        var partition = _clients.Environment.Partition;
        var finding = RootEventFindings.Create(record, accountId, partition, importRegion, _time.GetUtcNow());
        var existing = await hub.GetFindingsAsync(
            new Dictionary<string, IReadOnlyList<StringFilter>>
            {
                ["ProductArn"] = [StringFilter.EqualTo(finding.ProductArn)],
                ["Id"] = [StringFilter.EqualTo(finding.Id)],
            },
            cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return new RootEventImport(existing[0], importRegion, Created: false, Duplicate: true, []);
        }

        var result = await new SecurityHubWriter(hub, _clients.Resilience.Options).ImportAsync([finding], cancellationToken).ConfigureAwait(false);
        return new RootEventImport(finding, importRegion, Created: result.Imported == 1, Duplicate: false, result.Failed);
    }
}

/// <summary>What importing one root event did: the finding (as stored, for a duplicate), and whether it was new.</summary>
public sealed record RootEventImport(AsffFinding Finding, string Region, bool Created, bool Duplicate, IReadOnlyList<ImportFailure> Failures);
