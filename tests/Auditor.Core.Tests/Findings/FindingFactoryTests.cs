using System.Text.Json;
using System.Text.RegularExpressions;
using Auditor.Core.Checks;
using Auditor.Core.CredentialReports;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Findings;

public sealed partial class FindingFactoryTests
{
    private const string ImportRegion = "eu-central-1";
    private static readonly CheckMetadata UserMfa = CheckCatalog.Find("iam.user-mfa")!.Metadata;
    private static readonly CheckMetadata GuardDuty = CheckCatalog.Find("guardduty.enabled")!.Metadata;

    [Fact]
    public void Serialized_finding_has_every_field_security_hub_requires()
    {
        using var json = Serialize(Create(BobFailsUserMfa()));
        var root = json.RootElement;

        Assert.Equal("2018-10-08", root.GetProperty("SchemaVersion").GetString());
        Assert.Equal("auditor/123456789012/global/iam.user-mfa/arn:aws:iam::123456789012:user/engineering/bob", root.GetProperty("Id").GetString());
        Assert.Equal("arn:aws:securityhub:eu-central-1:123456789012:product/123456789012/default", root.GetProperty("ProductArn").GetString());
        Assert.Equal("iam.user-mfa", root.GetProperty("GeneratorId").GetString());
        Assert.Equal(AccountId, root.GetProperty("AwsAccountId").GetString());
        Assert.Equal(UserMfa.Title, root.GetProperty("Title").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("Description").GetString()));
        Assert.Equal("MEDIUM", root.GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal(FindingTypes.Cis, Assert.Single(root.GetProperty("Types").EnumerateArray()).GetString());
        var resource = Assert.Single(root.GetProperty("Resources").EnumerateArray());
        Assert.Equal("AwsIamUser", resource.GetProperty("Type").GetString());
        Assert.Equal("bob", resource.GetProperty("Details").GetProperty("AwsIamUser").GetProperty("UserName").GetString());
        Assert.Equal("FAILED", root.GetProperty("Compliance").GetProperty("Status").GetString());
        Assert.Equal("ACTIVE", root.GetProperty("RecordState").GetString());
        Assert.Equal("NEW", root.GetProperty("Workflow").GetProperty("Status").GetString());
    }

    [Fact]
    public void Finding_provider_fields_carry_severity_and_types()
    {
        using var json = Serialize(Create(BobFailsUserMfa()));
        var provider = json.RootElement.GetProperty("FindingProviderFields");

        Assert.Equal("MEDIUM", provider.GetProperty("Severity").GetProperty("Label").GetString());
        Assert.Equal("MEDIUM", provider.GetProperty("Severity").GetProperty("Original").GetString());
        Assert.Equal(FindingTypes.Cis, Assert.Single(provider.GetProperty("Types").EnumerateArray()).GetString());
    }

    [Fact]
    public void Timestamps_are_utc_with_milliseconds_and_Z()
    {
        var now = new DateTimeOffset(2026, 11, 25, 2, 3, 4, 5, TimeSpan.FromHours(2));
        using var json = Serialize(FindingFactory.Create(BobFailsUserMfa(), UserMfa, AccountId, "aws", ImportRegion, now));
        var root = json.RootElement;

        foreach (var field in new[] { "CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt" })
        {
            var text = root.GetProperty(field).GetString();
            Assert.Matches(TimestampPattern(), text);
            Assert.Equal("2026-11-25T00:03:04.005Z", text);
        }
    }

    [Fact]
    public void Fields_without_a_value_are_not_sent()
    {
        using var json = Serialize(Create(BobFailsUserMfa()));

        Assert.False(json.RootElement.TryGetProperty("Region", out _));
        Assert.False(json.RootElement.GetProperty("Compliance").TryGetProperty("StatusReasons", out _));
    }

    [Fact]
    public void Product_fields_name_the_check_region_control_and_provider()
    {
        var finding = Create(BobFailsUserMfa());

        Assert.Equal("Auditor", finding.ProductFields!["ProviderName"]);
        Assert.Equal("iam.user-mfa", finding.ProductFields[EvidenceFields.CheckId]);
        Assert.Equal("global", finding.ProductFields[EvidenceFields.Region]);
        Assert.Equal("IAM.5", finding.ProductFields[EvidenceFields.SecurityHubControlId]);
        Assert.Equal("false", finding.ProductFields["auditor/MfaActive"]);
    }

    [Fact]
    public void Regional_finding_is_identified_by_its_region()
    {
        var result = GuardDutyResult("eu-west-1", ComplianceStatus.Failed);

        var finding = FindingFactory.Create(result, GuardDuty, AccountId, "aws", "eu-west-1", TestClock.Now);

        Assert.Equal("auditor/123456789012/eu-west-1/guardduty.enabled/AWS::::Account:123456789012", finding.Id);
        Assert.Equal("eu-west-1", finding.ProductFields![EvidenceFields.Region]);
        Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default", finding.ProductArn);
        Assert.Equal("GuardDuty.1", finding.ProductFields[EvidenceFields.SecurityHubControlId]);
    }

    [Fact]
    public void Check_without_security_hub_control_sends_no_control_field()
    {
        var shield = CheckCatalog.Find("shield.advanced")!;
        var result = Assert.Single(shield.Evaluate(Empty().WithShield(Gathered<ShieldSubscription>.Ok(ShieldSubscription.None)), AuditSettings.Default, TestClock.Now));

        var finding = FindingFactory.Create(result, shield.Metadata, AccountId, "aws", ImportRegion, TestClock.Now);

        Assert.False(finding.ProductFields!.ContainsKey(EvidenceFields.SecurityHubControlId));
        Assert.Equal("LOW", finding.Severity.Label);
    }

    [Fact]
    public void Product_arn_follows_the_partition()
    {
        var finding = FindingFactory.Create(BobFailsUserMfa(), UserMfa, AccountId, "aws-us-gov", "us-gov-west-1", TestClock.Now);

        Assert.Equal("arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:product/123456789012/default", finding.ProductArn);
    }

    [Fact]
    public void Passed_result_is_informational()
    {
        var finding = Create(BobFailsUserMfa() with { Status = ComplianceStatus.Passed, Severity = Severity.Informational });

        Assert.Equal("INFORMATIONAL", finding.Severity.Label);
        Assert.Equal("INFORMATIONAL", finding.FindingProviderFields!.Severity.Label);
        Assert.Equal("PASSED", finding.Compliance!.Status);
    }

    [Fact]
    public void Passed_result_from_a_check_is_informational_even_for_a_critical_check()
    {
        var check = CheckCatalog.Find("root.mfa")!;
        var result = Assert.Single(check.Evaluate(WithReport(Fixture.RealReport), AuditSettings.Default, TestClock.Now));

        var finding = FindingFactory.Create(result, check.Metadata, AccountId, "aws", ImportRegion, TestClock.Now);

        Assert.Equal("PASSED", finding.Compliance!.Status);
        Assert.Equal("INFORMATIONAL", finding.Severity.Label);
    }

    [Fact]
    public void Not_available_result_carries_its_status_reason()
    {
        var check = CheckCatalog.Find("iam.user-mfa")!;
        var snapshot = Empty().WithCredentialReport(Gathered<CredentialReport>.Failed("AccessDenied", "iam:GetCredentialReport was denied"));
        var result = Assert.Single(check.Evaluate(snapshot, AuditSettings.Default, TestClock.Now));

        using var json = Serialize(FindingFactory.Create(result, check.Metadata, AccountId, "aws", ImportRegion, TestClock.Now));
        var compliance = json.RootElement.GetProperty("Compliance");

        Assert.Equal("NOT_AVAILABLE", compliance.GetProperty("Status").GetString());
        var reason = Assert.Single(compliance.GetProperty("StatusReasons").EnumerateArray());
        Assert.Equal("AccessDenied", reason.GetProperty("ReasonCode").GetString());
        Assert.Contains("iam:GetCredentialReport was denied", reason.GetProperty("Description").GetString(), StringComparison.Ordinal);
        Assert.Equal("INFORMATIONAL", json.RootElement.GetProperty("Severity").GetProperty("Label").GetString());
    }

    [Fact]
    public void Related_requirements_name_the_cis_benchmark_version_and_control()
    {
        var finding = Create(BobFailsUserMfa());

        Assert.Equal(["CIS AWS Foundations Benchmark v3.0.0/1.10"], finding.Compliance!.RelatedRequirements!);
    }

    [Fact]
    public void Check_without_cis_control_sends_no_related_requirements()
    {
        var finding = FindingFactory.Create(GuardDutyResult("us-east-1", ComplianceStatus.Failed), GuardDuty, AccountId, "aws", "us-east-1", TestClock.Now);
        using var json = Serialize(finding);

        Assert.False(json.RootElement.GetProperty("Compliance").TryGetProperty("RelatedRequirements", out _));
    }

    [Fact]
    public void Remediation_has_text_and_url()
    {
        var finding = Create(BobFailsUserMfa());

        Assert.Equal(UserMfa.Remediation, finding.Remediation!.Recommendation.Text);
        Assert.Equal("https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html", finding.Remediation.Recommendation.Url);
    }

    [Fact]
    public void Long_title_description_and_remediation_are_cut_to_security_hub_limits()
    {
        var metadata = UserMfa with { Title = new string('T', 400), Remediation = new string('R', 900) };
        var result = BobFailsUserMfa() with { Description = new string('D', 5000) };

        var finding = FindingFactory.Create(result, metadata, AccountId, "aws", ImportRegion, TestClock.Now);

        Assert.InRange(finding.Title.Length, 200, 256);
        Assert.InRange(finding.Description.Length, 1000, 1024);
        Assert.InRange(finding.Remediation!.Recommendation.Text.Length, 500, 512);
        Assert.StartsWith("TTTT", finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_exactly_at_the_limit_is_kept_whole()
    {
        var metadata = UserMfa with { Title = new string('T', 256) };
        var result = BobFailsUserMfa() with { Description = new string('D', 1024) };

        var finding = FindingFactory.Create(result, metadata, AccountId, "aws", ImportRegion, TestClock.Now);

        Assert.Equal(metadata.Title, finding.Title);
        Assert.Equal(result.Description, finding.Description);
    }

    [Fact]
    public void Long_status_reason_is_cut()
    {
        var result = BobFailsUserMfa() with
        {
            Status = ComplianceStatus.NotAvailable,
            StatusReason = new AsffStatusReason("InternalFailure", new string('x', 5000)),
        };

        var reason = Assert.Single(Create(result).Compliance!.StatusReasons!);

        Assert.InRange(reason.Description!.Length, 1, 2048);
    }

    [Fact]
    public void Product_fields_are_capped_at_fifty_with_short_keys_and_values()
    {
        var evidence = Enumerable.Range(0, 80).ToDictionary(i => $"auditor/{i:D2}-" + new string('k', 200), i => new string('v', 5000));
        var finding = Create(BobFailsUserMfa() with { Evidence = evidence });

        Assert.Equal(50, finding.ProductFields!.Count);
        Assert.All(finding.ProductFields, p =>
        {
            Assert.InRange(p.Key.Length, 1, 128);
            Assert.InRange(p.Value.Length, 0, 2048);
        });
        Assert.Equal("iam.user-mfa", finding.ProductFields[EvidenceFields.CheckId]);
        Assert.Equal("global", finding.ProductFields[EvidenceFields.Region]);
    }

    [Fact]
    public void Evidence_cannot_write_reserved_aws_product_fields()
    {
        var finding = Create(BobFailsUserMfa() with
        {
            Evidence = new Dictionary<string, string> { ["aws/securityhub/FindingId"] = "spoof", ["auditor/Note"] = "kept" },
        });

        Assert.DoesNotContain(finding.ProductFields!.Keys, k => k.StartsWith("aws/", StringComparison.Ordinal));
        Assert.Equal("kept", finding.ProductFields["auditor/Note"]);
    }

    [Fact]
    public void Evidence_cannot_overwrite_the_scope_fields()
    {
        var finding = Create(BobFailsUserMfa() with
        {
            Evidence = new Dictionary<string, string> { [EvidenceFields.Region] = "us-west-2", [EvidenceFields.CheckId] = "other" },
        });

        Assert.Equal("global", finding.ProductFields![EvidenceFields.Region]);
        Assert.Equal("iam.user-mfa", finding.ProductFields[EvidenceFields.CheckId]);
    }

    [Fact]
    public void Resources_are_capped_at_thirty_two_with_the_primary_first()
    {
        var related = Enumerable.Range(0, 40).Select(i => new AsffResource { Type = "Other", Id = $"related-{i}" }).ToList();

        var finding = Create(BobFailsUserMfa() with { RelatedResources = related });

        Assert.Equal(32, finding.Resources.Count);
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/bob", finding.Resources[0].Id);
    }

    [Fact]
    public void Very_long_resource_id_gives_an_id_within_512_characters_that_keeps_its_prefix()
    {
        var result = BobFailsUserMfa() with { Resource = BobFailsUserMfa().Resource with { Id = "arn:aws:iam::123456789012:user/" + new string('p', 2000) } };

        var finding = Create(result);

        Assert.InRange(finding.Id.Length, 100, 512);
        Assert.StartsWith("auditor/123456789012/global/iam.user-mfa/arn:aws:iam::123456789012:user/ppp", finding.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Id_is_the_same_for_the_same_input()
    {
        var first = Create(BobFailsUserMfa());
        var second = FindingFactory.Create(BobFailsUserMfa(), UserMfa, AccountId, "aws", ImportRegion, TestClock.Now.AddDays(1));

        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public void Id_differs_by_account_region_check_and_resource()
    {
        var resource = new AsffResource { Type = "AwsAccount", Id = AccountResourceId };
        var ids = new[]
        {
            FindingIdentity.For(new("123456789012", "us-east-1", "guardduty.enabled"), resource.Id),
            FindingIdentity.For(new("123456789012", "eu-west-1", "guardduty.enabled"), resource.Id),
            FindingIdentity.For(new("123456789012", "global", "guardduty.enabled"), resource.Id),
            FindingIdentity.For(new("123456789012", "global", "root.mfa"), resource.Id),
            FindingIdentity.For(new("210987654321", "global", "root.mfa"), resource.Id),
            FindingIdentity.For(new("123456789012", "global", "root.mfa"), "AWS::::Account:999999999999"),
        };

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Long_resource_ids_that_differ_only_at_the_end_get_different_ids()
    {
        var scope = new Auditor.Core.Evaluation.FindingScope(AccountId, "global", "iam.user-mfa");
        var common = "arn:aws:iam::123456789012:user/" + new string('p', 1000);

        var a = FindingIdentity.For(scope, common + "a");
        var b = FindingIdentity.For(scope, common + "b");

        Assert.NotEqual(a, b);
        Assert.Equal(512, a.Length);
        Assert.Equal(a, FindingIdentity.For(scope, common + "a"));
    }

    [Fact]
    public void Finding_read_back_from_security_hub_round_trips()
    {
        var created = Create(BobFailsUserMfa());
        var json = JsonSerializer.Serialize(created, AsffJsonContext.Default.AsffFinding);

        var read = JsonSerializer.Deserialize(json, AsffJsonContext.Default.AsffFinding)!;

        Assert.Equal(created.Id, read.Id);
        Assert.Equal(created.ProductArn, read.ProductArn);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.UpdatedAt, read.UpdatedAt);
        Assert.Equal(created.ProductFields, read.ProductFields);
        Assert.Equal("FAILED", read.Compliance!.Status);
    }

    [Fact]
    public void Security_hub_timestamps_without_milliseconds_are_read()
    {
        const string stored = """
            {"SchemaVersion":"2018-10-08","Id":"auditor/123456789012/global/root.mfa/AWS::::Account:123456789012",
             "ProductArn":"arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default","GeneratorId":"root.mfa",
             "AwsAccountId":"123456789012","CreatedAt":"2026-11-01T10:00:00Z","UpdatedAt":"2026-11-20T10:00:00.123+00:00",
             "Severity":{"Label":"CRITICAL"},"Title":"t","Description":"d","Resources":[{"Type":"AwsAccount","Id":"AWS::::Account:123456789012"}],
             "RecordState":"ACTIVE","Region":"us-east-1","ProductFields":{"auditor/Region":"global","aws/securityhub/ProductName":"Default"}}
            """;

        var read = JsonSerializer.Deserialize(stored, AsffJsonContext.Default.AsffFinding)!;

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), read.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, 123, TimeSpan.Zero), read.UpdatedAt);
        Assert.Null(read.FirstObservedAt);
        Assert.Equal("us-east-1", read.Region);
    }

    private static AsffFinding Create(CheckResult result) =>
        FindingFactory.Create(result, UserMfa, AccountId, "aws", ImportRegion, TestClock.Now);

    private static CheckResult BobFailsUserMfa()
    {
        var check = CheckCatalog.Find("iam.user-mfa")!;
        return check.Evaluate(WithReport(Fixture.RealReport), AuditSettings.Default, TestClock.Now).ForUser("bob");
    }

    private static CheckResult GuardDutyResult(string region, ComplianceStatus status) => new()
    {
        CheckId = "guardduty.enabled",
        Region = region,
        Status = status,
        Severity = status == ComplianceStatus.Failed ? Severity.High : Severity.Informational,
        Resource = new AsffResource { Type = "AwsAccount", Id = AccountResourceId, Partition = "aws", Region = region },
        Description = $"GuardDuty has no detector in {region}.",
    };

    private static JsonDocument Serialize(AsffFinding finding) =>
        JsonDocument.Parse(JsonSerializer.Serialize(finding, AsffJsonContext.Default.AsffFinding));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimestampPattern();
}
