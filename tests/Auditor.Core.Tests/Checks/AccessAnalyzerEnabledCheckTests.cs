using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class AccessAnalyzerEnabledCheckTests
{
    private readonly AccessAnalyzerEnabledCheck _check = new();

    [Fact]
    public void Fails_medium_in_a_region_without_analyzers()
    {
        var result = Assert.Single(Run(_check, Analyzers(("eu-west-1", Ok()))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Equal(AccountResourceId, result.Resource.Id);
        Assert.Equal("none", result.Evidence["auditor/Analyzers"]);
        Assert.Contains("no analyzer in eu-west-1", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_when_only_unused_access_or_inactive_external_analyzers_exist()
    {
        var result = Assert.Single(Run(_check, Analyzers(("us-east-1", Ok(
            Analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE"),
            Analyzer("broken", "ACCOUNT", "FAILED"),
            Analyzer("new", "ORGANIZATION", "CREATING"))))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal("broken (ACCOUNT, FAILED), new (ORGANIZATION, CREATING), unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)", result.Evidence["auditor/Analyzers"]);
        Assert.Contains("no ACTIVE analyzer of type ACCOUNT or ORGANIZATION", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ACCOUNT")]
    [InlineData("ORGANIZATION")]
    public void Passes_with_an_active_external_access_analyzer_and_names_it(string type)
    {
        var result = Assert.Single(Run(_check, Analyzers(("us-east-1", Ok(Analyzer("external", type, "ACTIVE"))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("arn:aws:access-analyzer:us-east-1:123456789012:analyzer/external", result.Evidence["auditor/ActiveAnalyzerArn"]);
        Assert.Contains("external", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_whose_analyzers_could_not_be_read_is_not_available_and_only_that_region()
    {
        var results = Run(_check, Analyzers(
            ("us-east-1", Ok(Analyzer("a", "ACCOUNT", "ACTIVE"))),
            ("eu-west-1", AccessDenied<IReadOnlyList<AccessAnalyzer>>("access-analyzer:ListAnalyzers"))));

        Assert.Equal(ComplianceStatus.NotAvailable, results.ForRegion("eu-west-1").Status);
        Assert.Equal(ComplianceStatus.Passed, results.ForRegion("us-east-1").Status);
    }

    [Fact]
    public void Audited_region_that_was_not_read_is_not_available()
    {
        var results = Run(_check, Analyzers(("us-east-1", Ok())) with { Regions = Regions });

        Assert.Equal(ComplianceStatus.NotAvailable, results.ForRegion("eu-west-1").Status);
        Assert.Equal(ComplianceStatus.Failed, results.ForRegion("us-east-1").Status);
    }

    private static AccessAnalyzer Analyzer(string name, string type, string status) =>
        new(name, $"arn:aws:access-analyzer:us-east-1:123456789012:analyzer/{name}", type, status);

    private static Gathered<IReadOnlyList<AccessAnalyzer>> Ok(params AccessAnalyzer[] analyzers) => Gathered<IReadOnlyList<AccessAnalyzer>>.Ok(analyzers);

    private static AccountSnapshot Analyzers(params (string Region, Gathered<IReadOnlyList<AccessAnalyzer>> Analyzers)[] regions) =>
        (Empty() with { Regions = regions.Select(r => r.Region).ToList() })
            .With(EvidenceKinds.AccessAnalyzers, regions.Select(r => new RegionalEvidence<IReadOnlyList<AccessAnalyzer>>(r.Region, r.Analyzers)));
}
