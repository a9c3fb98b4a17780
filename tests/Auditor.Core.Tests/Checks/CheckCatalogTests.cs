using System.Text.RegularExpressions;
using Auditor.Core.Checks;

namespace Auditor.Core.Tests.Checks;

public sealed partial class CheckCatalogTests
{
    /// <summary>Check ids DESIGN.md makes a contract (findings' GeneratorId): they must stay, with these names.</summary>
    private static readonly string[] ContractIds =
    [
        "root.activity", "root.mfa", "root.hardware-mfa", "root.access-keys", "iam.user-mfa",
        "iam.unused-credentials", "iam.access-key-rotation", "iam.single-active-key", "guardduty.enabled", "shield.advanced",
        "root.usage-alarm",
    ];

    private static readonly string[] TypeNamespaces =
    [
        "Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors", "Sensitive Data Identifications",
    ];

    public static TheoryData<string> CheckIds => [.. CheckCatalog.All.Select(c => c.Metadata.Id)];

    [Fact]
    public void Check_ids_are_unique()
    {
        var ids = CheckCatalog.All.Select(c => c.Metadata.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Catalogue_holds_every_check_id_of_the_contract()
    {
        // Assert.Superset(expectedSubset, actual): the catalogue holds at least the contract's ids.
        Assert.Superset(ContractIds.ToHashSet(StringComparer.Ordinal), CheckCatalog.Ids.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void Catalogue_is_ordered_by_id()
    {
        Assert.Equal(CheckCatalog.Ids.Order(StringComparer.Ordinal), CheckCatalog.All.Select(c => c.Metadata.Id));
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Check_id_has_the_area_dot_name_form(string id)
    {
        Assert.Matches(IdPattern(), id);
    }

    [Fact]
    public void Every_check_class_in_the_core_is_in_the_catalogue()
    {
        var implementations = typeof(ICheck).Assembly.GetTypes()
            .Where(t => typeof(ICheck).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(implementations, CheckCatalog.All.Select(c => c.GetType().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Find_and_select_return_checks_by_id()
    {
        Assert.Equal("iam.user-mfa", CheckCatalog.Find("iam.user-mfa")?.Metadata.Id);
        Assert.Null(CheckCatalog.Find("iam.user-mfa.typo"));
        Assert.Null(CheckCatalog.Find("IAM.USER-MFA"));
        Assert.Equal(["guardduty.enabled", "root.mfa"], CheckCatalog.Select(["root.mfa", "guardduty.enabled"]).Select(c => c.Metadata.Id));
        Assert.Equal(CheckCatalog.All.Count, CheckCatalog.Select(null).Count);
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Check_lives_in_its_own_file_named_for_its_type(string id)
    {
        var check = CheckCatalog.Find(id)!;
        var typeName = check.GetType().Name;
        var path = Auditor.Testing.RepositoryPaths.Of("functions", "Auditor.Core", "Checks", typeName + ".cs");

        Assert.True(File.Exists(path), $"{id} is implemented by {typeName}, but {path} does not exist.");
        var source = File.ReadAllText(path);
        var declared = CheckClassDeclaration().Matches(source).Select(m => m.Groups["name"].Value).ToList();
        Assert.Equal([typeName], declared);
        Assert.Contains($"Id = \"{id}\"", source, StringComparison.Ordinal);
        Assert.Single(IdAssignment().Matches(source));
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Metadata_fits_security_hub_limits(string id)
    {
        var metadata = CheckCatalog.Find(id)!.Metadata;

        Assert.InRange(metadata.Title.Length, 1, 256);
        Assert.InRange(metadata.Remediation.Length, 1, CheckMetadata.MaxRemediationLength);
        Assert.Equal(Uri.UriSchemeHttps, metadata.RemediationUrl.Scheme);
        Assert.Equal("docs.aws.amazon.com", metadata.RemediationUrl.Host);
        Assert.StartsWith("https://docs.aws.amazon.com/", metadata.RemediationUrl.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Metadata_types_and_mappings_are_well_formed(string id)
    {
        var metadata = CheckCatalog.Find(id)!.Metadata;

        Assert.NotEmpty(metadata.Types);
        Assert.All(metadata.Types, type =>
        {
            var parts = type.Split('/');
            Assert.InRange(parts.Length, 2, 3);
            Assert.Contains(parts[0], TypeNamespaces);
        });
        Assert.NotEmpty(metadata.Reads);
        Assert.Equal(metadata.Reads.Distinct().Count(), metadata.Reads.Count);
        if (metadata.CisRequirement is { } cis)
        {
            Assert.Matches(CisPattern(), cis);
            Assert.Contains(metadata.CisBenchmark, new[] { CheckMetadata.CisVersion, CheckMetadata.CisVersion140 });
            Assert.Equal([$"{metadata.CisBenchmark}/{cis}"], metadata.RelatedRequirements);
        }
        else
        {
            Assert.Empty(metadata.RelatedRequirements);
        }

        if (metadata.SecurityHubControlId is { } control)
        {
            Assert.Matches(ControlPattern(), control);
        }
    }

    [Theory]
    [InlineData("root.activity", "1.7", null)]
    [InlineData("root.mfa", "1.5", "IAM.9")]
    [InlineData("root.hardware-mfa", "1.6", "IAM.6")]
    [InlineData("root.access-keys", "1.4", "IAM.4")]
    [InlineData("iam.user-mfa", "1.10", "IAM.5")]
    [InlineData("iam.unused-credentials", "1.12", "IAM.22")]
    [InlineData("iam.access-key-rotation", "1.14", "IAM.3")]
    [InlineData("iam.single-active-key", "1.13", null)]
    [InlineData("guardduty.enabled", null, "GuardDuty.1")]
    [InlineData("shield.advanced", null, null)]
    [InlineData("root.usage-alarm", "4.3", "CloudWatch.1")]
    public void Checks_map_to_their_cis_requirement_and_security_hub_control(string id, string? cis, string? control)
    {
        var metadata = CheckCatalog.Find(id)!.Metadata;

        Assert.Equal(cis, metadata.CisRequirement);
        Assert.Equal(control, metadata.SecurityHubControlId);
    }

    [Fact]
    public void Root_usage_alarm_maps_to_cis_v140_because_v300_has_no_such_requirement_in_security_hub()
    {
        var metadata = CheckCatalog.Find("root.usage-alarm")!.Metadata;

        Assert.Equal(["CIS AWS Foundations Benchmark v1.4.0/4.3"], metadata.RelatedRequirements);
        Assert.All(CheckCatalog.All.Where(c => c.Metadata.Id != "root.usage-alarm"), c => Assert.Equal(CheckMetadata.CisVersion, c.Metadata.CisBenchmark));
    }

    [Fact]
    public void Every_regional_check_reads_regional_evidence()
    {
        var regional = CheckCatalog.All.Where(c => c.Metadata.Scope == CheckScope.Regional).ToList();

        Assert.NotEmpty(regional);
        Assert.All(regional, c => Assert.Contains(c.Metadata.Reads, kind => kind.IsRegional));
    }

    [GeneratedRegex(@"^[a-z]+\.[a-z-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex CisPattern();

    [GeneratedRegex(@"^[A-Za-z]+\.\d+$")]
    private static partial Regex ControlPattern();

    [GeneratedRegex(@"class\s+(?<name>\w+)\s*:\s*ICheck\b")]
    private static partial Regex CheckClassDeclaration();

    [GeneratedRegex(@"\bId\s*=\s*""")]
    private static partial Regex IdAssignment();
}
