using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class GuardDutyEnabledCheckTests
{
    private const string DetectorId = "12abc34d567e8fa901bc2d34e56789f0";

    private static readonly GuardDutyFeature[] Features =
    [
        new("CLOUD_TRAIL", "ENABLED"),
        new("S3_DATA_EVENTS", "ENABLED"),
        new("RUNTIME_MONITORING", "DISABLED"),
    ];

    private readonly GuardDutyEnabledCheck _check = new();

    [Fact]
    public void Fails_high_in_a_region_without_a_detector()
    {
        var result = Assert.Single(Run(_check, Regional(("eu-west-1", Detectors()))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal("eu-west-1", result.Region);
        Assert.Equal("AwsAccount", result.Resource.Type);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("eu-west-1", result.Resource.Region);
        Assert.Empty(result.RelatedResources);
        Assert.Contains("no detector in eu-west-1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_the_only_detector_is_disabled()
    {
        var result = Assert.Single(Run(_check, Regional(("eu-west-1", Detectors(new GuardDutyDetector(DetectorId, "DISABLED", Features))))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("DISABLED", result.Evidence["auditor/DetectorStatus"]);
        Assert.Contains("DISABLED", result.Description, StringComparison.Ordinal);
        var detector = Assert.Single(result.RelatedResources);
        Assert.Equal("DISABLED", detector.Details?.AwsGuardDutyDetector?.Status);
    }

    [Fact]
    public void Passes_with_an_enabled_detector_and_lists_its_features()
    {
        var result = Assert.Single(Run(_check, Regional(("ap-southeast-2", Detectors(new GuardDutyDetector(DetectorId, "ENABLED", Features))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal(DetectorId, result.Evidence["auditor/DetectorId"]);
        Assert.Equal("CLOUD_TRAIL=ENABLED, S3_DATA_EVENTS=ENABLED, RUNTIME_MONITORING=DISABLED", result.Evidence["auditor/DetectorFeatures"]);
        var detector = Assert.Single(result.RelatedResources);
        Assert.Equal("AwsGuardDutyDetector", detector.Type);
        Assert.Equal($"arn:aws:guardduty:ap-southeast-2:123456789012:detector/{DetectorId}", detector.Id);
        Assert.Equal("ap-southeast-2", detector.Region);
        Assert.Equal(
            ["CLOUD_TRAIL=ENABLED", "S3_DATA_EVENTS=ENABLED", "RUNTIME_MONITORING=DISABLED"],
            detector.Details!.AwsGuardDutyDetector!.Features!.Select(f => $"{f.Name}={f.Status}"));
    }

    [Fact]
    public void Enabled_detector_without_features_says_so()
    {
        var result = Assert.Single(Run(_check, Regional(("us-east-1", Detectors(new GuardDutyDetector(DetectorId, "ENABLED", []))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("none reported", result.Evidence["auditor/DetectorFeatures"]);
    }

    [Fact]
    public void Passes_when_one_of_several_detectors_is_enabled()
    {
        var result = Assert.Single(Run(_check, Regional(("us-east-1", Detectors(
            new GuardDutyDetector("aaaa", "DISABLED", []),
            new GuardDutyDetector("bbbb", "ENABLED", Features))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("bbbb", result.Evidence["auditor/DetectorId"]);
    }

    [Fact]
    public void Each_region_gets_its_own_result()
    {
        var results = Run(_check, Regional(
            ("us-east-1", Detectors(new GuardDutyDetector(DetectorId, "ENABLED", Features))),
            ("eu-west-1", Detectors()),
            ("ap-southeast-2", Detectors(new GuardDutyDetector(DetectorId, "DISABLED", [])))));

        Assert.Equal(3, results.Count);
        Assert.Equal(ComplianceStatus.Passed, results.ForRegion("us-east-1").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForRegion("eu-west-1").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForRegion("ap-southeast-2").Status);
    }

    [Fact]
    public void Region_whose_detectors_could_not_be_read_is_not_available_and_only_that_region()
    {
        var results = Run(_check, Regional(
            ("us-east-1", Detectors(new GuardDutyDetector(DetectorId, "ENABLED", Features))),
            ("eu-west-1", AccessDenied<IReadOnlyList<GuardDutyDetector>>("guardduty:ListDetectors")),
            ("ap-southeast-2", Detectors())));

        var unavailable = Assert.Single(results, r => r.Status == ComplianceStatus.NotAvailable);
        Assert.Equal("eu-west-1", unavailable.Region);
        Assert.Equal("AccessDenied", unavailable.StatusReason?.ReasonCode);
        Assert.Contains("eu-west-1", unavailable.StatusReason?.Description, StringComparison.Ordinal);
        Assert.Equal(Severity.Informational, unavailable.Severity);
        Assert.Equal(ComplianceStatus.Passed, results.ForRegion("us-east-1").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForRegion("ap-southeast-2").Status);
    }

    [Fact]
    public void Audited_region_missing_from_the_gathered_data_is_not_available_rather_than_silently_skipped()
    {
        var snapshot = Regional(("us-east-1", Detectors(new GuardDutyDetector(DetectorId, "ENABLED", Features)))) with { Regions = Regions };

        var results = Run(_check, snapshot);

        Assert.Equal(Regions.Order(), results.Select(r => r.Region!).Order());
        Assert.Equal(ComplianceStatus.NotAvailable, results.ForRegion("eu-west-1").Status);
        Assert.Equal(ComplianceStatus.NotAvailable, results.ForRegion("ap-southeast-2").Status);
    }

    [Fact]
    public void Snapshot_without_guardduty_data_gives_no_pass_or_fail()
    {
        var results = Run(_check, Empty());

        Assert.All(results, r => Assert.Equal(ComplianceStatus.NotAvailable, r.Status));
        Assert.Equal(Regions.Count, results.Count);
    }

    private static Gathered<IReadOnlyList<GuardDutyDetector>> Detectors(params GuardDutyDetector[] detectors) =>
        Gathered<IReadOnlyList<GuardDutyDetector>>.Ok(detectors);

    private static AccountSnapshot Regional(params (string Region, Gathered<IReadOnlyList<GuardDutyDetector>> Detectors)[] regions) =>
        (Empty() with { Regions = regions.Select(r => r.Region).ToList() })
            .WithGuardDuty(regions.Select(r => new RegionalEvidence<IReadOnlyList<GuardDutyDetector>>(r.Region, r.Detectors)));
}
