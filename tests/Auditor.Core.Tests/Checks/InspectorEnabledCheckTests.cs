using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class InspectorEnabledCheckTests
{
    private static readonly InspectorScan[] AllOn = [new("EC2", "ENABLED"), new("ECR", "ENABLED"), new("LAMBDA", "ENABLED"), new("LAMBDA_CODE", "DISABLED")];

    private readonly InspectorEnabledCheck _check = new();

    [Fact]
    public void Fails_high_where_Inspector_is_not_enabled()
    {
        var result = Assert.Single(Run(_check, Status(("eu-west-1", Ok(InspectorStatus.NotEnabled)))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("eu-west-1", result.Resource.Region);
        Assert.Equal("DISABLED", result.Evidence["auditor/InspectorStatus"]);
        Assert.Contains("DISABLED in eu-west-1", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SUSPENDED")]
    [InlineData("ENABLING")]
    [InlineData("DISABLING")]
    public void Fails_in_any_state_but_enabled_even_with_scans_reported_on(string state)
    {
        var result = Assert.Single(Run(_check, Status(("us-east-1", Ok(new InspectorStatus(state, AllOn))))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
    }

    [Fact]
    public void Passes_when_EC2_ECR_and_Lambda_are_scanned_whatever_Lambda_code_scanning_is()
    {
        var result = Assert.Single(Run(_check, Status(("us-east-1", Ok(new InspectorStatus("ENABLED", AllOn))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
        Assert.Equal("EC2=ENABLED, ECR=ENABLED, LAMBDA=ENABLED, LAMBDA_CODE=DISABLED", result.Evidence["auditor/ScanTypes"]);
        Assert.False(result.Evidence.ContainsKey("auditor/ScanTypesOff"));
    }

    [Fact]
    public void Warns_naming_the_scan_types_that_are_off_or_not_reported()
    {
        var result = Assert.Single(Run(_check, Status(("us-east-1", Ok(new InspectorStatus("ENABLED", [new("EC2", "ENABLED"), new("ECR", "DISABLED")]))))));

        Assert.Equal(ComplianceStatus.Warning, result.Status);
        Assert.Equal(Severity.Low, result.Severity);
        Assert.Equal("ECR, LAMBDA", result.Evidence["auditor/ScanTypesOff"]);
        Assert.Contains("does not scan ECR, LAMBDA", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_whose_status_could_not_be_read_is_not_available_and_only_that_region()
    {
        var results = Run(_check, Status(
            ("us-east-1", Ok(new InspectorStatus("ENABLED", AllOn))),
            ("eu-west-1", AccessDenied<InspectorStatus>("inspector2:BatchGetAccountStatus"))));

        var unavailable = Assert.Single(results, r => r.Status == ComplianceStatus.NotAvailable);
        Assert.Equal("eu-west-1", unavailable.Region);
        Assert.Equal("AccessDenied", unavailable.StatusReason?.ReasonCode);
        Assert.Contains("Amazon Inspector status in eu-west-1 could not be read", unavailable.StatusReason?.Description, StringComparison.Ordinal);
        Assert.Equal(ComplianceStatus.Passed, results.ForRegion("us-east-1").Status);
    }

    [Fact]
    public void Audited_region_that_was_not_read_is_not_available()
    {
        var results = Run(_check, Status(("us-east-1", Ok(InspectorStatus.NotEnabled))) with { Regions = Regions });

        Assert.Equal(3, results.Count);
        Assert.Equal(ComplianceStatus.NotAvailable, results.ForRegion("ap-southeast-2").Status);
    }

    private static Gathered<InspectorStatus> Ok(InspectorStatus status) => Gathered<InspectorStatus>.Ok(status);

    private static AccountSnapshot Status(params (string Region, Gathered<InspectorStatus> Status)[] regions) =>
        (Empty() with { Regions = regions.Select(r => r.Region).ToList() })
            .With(EvidenceKinds.InspectorStatus, regions.Select(r => new RegionalEvidence<InspectorStatus>(r.Region, r.Status)));
}
