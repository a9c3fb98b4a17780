using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>GuardDuty has an ENABLED detector in every audited region (Security Hub GuardDuty.1).</summary>
internal sealed class GuardDutyEnabledCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "guardduty.enabled",
        Title = "GuardDuty is enabled in the region",
        Severity = Severity.High,
        Scope = CheckScope.Regional,
        Reads = [EvidenceKinds.GuardDutyDetectors],
        CisRequirement = null,
        SecurityHubControlId = "GuardDuty.1",
        Remediation = "Enable GuardDuty in this region (GuardDuty console, Get started, Enable GuardDuty), or re-enable a suspended detector. In an organization, let the delegated administrator auto-enable it for every member account and region.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var read = snapshot.Get(EvidenceKinds.GuardDutyDetectors);
        foreach (var (region, gathered) in read)
        {
            if (!gathered.Succeeded)
            {
                yield return NotAvailable(Metadata, snapshot, gathered.FailureCode!, $"GuardDuty detectors in {region} could not be read: {gathered.FailureReason}", region);
                continue;
            }

            var detectors = gathered.Value!;
            var enabled = detectors.FirstOrDefault(d => d.IsEnabled);
            var shown = enabled ?? (detectors.Count > 0 ? detectors[0] : null);
            var evidence = new EvidenceMap();
            var related = new List<AsffResource>();
            if (shown is not null)
            {
                evidence["auditor/DetectorId"] = shown.DetectorId;
                evidence["auditor/DetectorStatus"] = shown.Status;
                evidence["auditor/DetectorFeatures"] = shown.Features.Count == 0
                    ? "none reported"
                    : string.Join(", ", shown.Features.Select(f => $"{f.Name}={f.Status}"));
                related.Add(new AsffResource
                {
                    Type = "AwsGuardDutyDetector",
                    Id = $"arn:{snapshot.Partition}:guardduty:{region}:{snapshot.AccountId}:detector/{shown.DetectorId}",
                    Partition = snapshot.Partition,
                    Region = region,
                    Details = new AsffResourceDetails
                    {
                        AwsGuardDutyDetector = new AwsGuardDutyDetectorDetails
                        {
                            Status = shown.Status,
                            Features = shown.Features.Select(f => new AwsGuardDutyDetectorFeature(f.Name, f.Status)).ToList(),
                        },
                    },
                });
            }

            var description = shown switch
            {
                null => $"GuardDuty has no detector in {region}: threats in this region go undetected.",
                _ when enabled is not null => $"GuardDuty detector {enabled.DetectorId} is ENABLED in {region}.",
                _ => $"GuardDuty detector {shown.DetectorId} in {region} is {shown.Status}, not ENABLED.",
            };

            // The account in the region is the stable identity, so enabling GuardDuty turns this finding PASSED.
            yield return Result(Metadata, enabled is null ? ComplianceStatus.Failed : ComplianceStatus.Passed, Account(snapshot, region), description, region, evidence) with
            {
                RelatedResources = related,
            };
        }

        // An audited region without gathered data was not evaluated: say so, or its findings would be archived as fixed.
        foreach (var region in snapshot.Regions.Where(r => !read.Any(g => string.Equals(g.Region, r, StringComparison.Ordinal))))
        {
            yield return NotAvailable(Metadata, snapshot, "NotCollected", $"GuardDuty detectors in {region} were not collected by this run", region);
        }
    }
}
