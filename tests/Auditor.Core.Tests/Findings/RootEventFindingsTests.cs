using System.Text.Json;
using Auditor.Core.Checks;
using Auditor.Core.Findings;
using static Auditor.Core.Tests.Support.CloudTrailRecords;

namespace Auditor.Core.Tests.Findings;

public sealed class RootEventFindingsTests
{
    private const string AccountId = "123456789012";
    private static readonly DateTimeOffset When = new(2026, 11, 20, 9, 15, 2, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = When.AddSeconds(40);

    private static readonly string[] TypeNamespaces = ["TTPs", "Unusual Behaviors"];

    [Fact]
    public void Console_sign_in_without_mfa_is_a_critical_finding_with_the_events_details()
    {
        var finding = RootEventFindings.Create(Read(ConsoleLogin("Success", "No", When)), AccountId, "aws", "us-east-1", Now);

        Assert.Equal("auditor/123456789012/us-east-1/root.event/f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", finding.Id);
        Assert.Equal("arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", finding.ProductArn);
        Assert.Equal("root.event", finding.GeneratorId);
        Assert.Equal(new AsffSeverity("CRITICAL", "CRITICAL"), finding.Severity);
        Assert.Equal(finding.Severity, finding.FindingProviderFields!.Severity);
        Assert.Equal(["TTPs/Initial Access/Root Console Sign-In", "Unusual Behaviors/User/Root Sign-In Activity"], finding.Types);
        Assert.Equal("Root user signed in to the console without MFA", finding.Title);
        Assert.Equal(When, finding.FirstObservedAt);
        Assert.Equal(When, finding.LastObservedAt);
        Assert.Equal(Now, finding.CreatedAt);
        Assert.Equal(Now, finding.UpdatedAt);
        Assert.Null(finding.Compliance);
        Assert.Equal("NEW", finding.Workflow?.Status);
        Assert.Equal(RecordStates.Active, finding.RecordState);
        Assert.Contains("203.0.113.7", finding.Description, StringComparison.Ordinal);
        Assert.Contains("MFA used: No", finding.Description, StringComparison.Ordinal);

        var fields = finding.ProductFields!;
        Assert.Equal("ConsoleLogin", fields["auditor/EventName"]);
        Assert.Equal("2026-11-20T09:15:02.000Z", fields["auditor/EventTime"]);
        Assert.Equal(Ip, fields["auditor/SourceIPAddress"]);
        Assert.Equal(Browser, fields["auditor/UserAgent"]);
        Assert.Equal("us-east-1", fields["auditor/AwsRegion"]);
        Assert.Equal("us-east-1", fields[EvidenceFields.Region]);
        Assert.Equal("No", fields["auditor/MfaUsed"]);
        Assert.Equal("Success", fields["auditor/ConsoleLogin"]);
        Assert.Equal("f2b1c6a4-3d5e-4c1b-9e0a-7a9d2c4b8e61", fields["auditor/EventId"]);

        var resource = Assert.Single(finding.Resources);
        Assert.Equal("AwsAccount", resource.Type);
        Assert.Equal("AWS::::Account:123456789012", resource.Id);
        Assert.Equal("us-east-1", resource.Region);
        Assert.Equal(Ip, resource.Details!.Other!["sourceIPAddress"]);
    }

    [Fact]
    public void Failed_sign_in_is_credential_access()
    {
        var finding = RootEventFindings.Create(Read(ConsoleLogin("Failure", "No", When)), AccountId, "aws", "us-east-1", Now);

        Assert.Equal("HIGH", finding.Severity.Label);
        Assert.Equal("TTPs/Credential Access/Root Console Sign-In Failure", finding.Types[0]);
        Assert.Contains("failed (Failed authentication)", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_call_with_mfa_is_low_unusual_behavior()
    {
        var finding = RootEventFindings.Create(Read(ApiCall("UpdateAccountPasswordPolicy", "iam", true, When)), AccountId, "aws", "eu-west-1", Now);

        Assert.Equal("LOW", finding.Severity.Label);
        Assert.Equal([FindingTypes.RootApiCall], finding.Types);
        Assert.Equal("arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default", finding.ProductArn);
        Assert.Contains("called iam.amazonaws.com UpdateAccountPasswordPolicy (MFA used: Yes)", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_event_is_the_same_finding_and_another_event_is_another()
    {
        var first = RootEventFindings.Create(Read(ConsoleLogin("Success", "No", When)), AccountId, "aws", "us-east-1", Now);
        var again = RootEventFindings.Create(Read(ConsoleLogin("Success", "No", When)), AccountId, "aws", "us-east-1", Now.AddMinutes(3));
        var other = RootEventFindings.Create(Read(ConsoleLogin("Success", "No", When, "another-event-id")), AccountId, "aws", "us-east-1", Now);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public void Serialized_finding_is_well_formed_asff()
    {
        var record = Read(ConsoleLogin("Success", "No", When)) with { UserAgent = new string('u', 5000), ErrorMessage = new string('e', 3000) };
        var finding = RootEventFindings.Create(record, AccountId, "aws", "us-east-1", Now);

        using var json = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(finding, AsffJsonContext.Default.AsffFinding));
        var root = json.RootElement;
        foreach (var required in new[] { "SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description", "Resources", "Severity", "Types", "FindingProviderFields" })
        {
            Assert.True(root.TryGetProperty(required, out _), required);
        }

        Assert.Equal("2026-11-20T09:15:42.000Z", root.GetProperty("CreatedAt").GetString());
        Assert.InRange(finding.Title.Length, 1, FindingFactory.MaxTitle);
        Assert.InRange(finding.Description.Length, 1, FindingFactory.MaxDescription);
        Assert.InRange(finding.Remediation!.Recommendation.Text.Length, 1, CheckMetadata.MaxRemediationLength);
        Assert.InRange(finding.ProductFields!.Count, 1, FindingFactory.MaxProductFields);
        Assert.All(finding.ProductFields, p => Assert.InRange(p.Value.Length, 0, FindingFactory.MaxProductFieldValue));
        Assert.All(finding.ProductFields.Keys, k => Assert.False(k.StartsWith("aws/", StringComparison.Ordinal)));
        Assert.All(finding.Resources[0].Details!.Other!.Values, v => Assert.InRange(v.Length, 0, RootEventFindings.MaxOtherValue));
        Assert.All(finding.Types, t =>
        {
            var parts = t.Split('/');
            Assert.Equal(3, parts.Length);
            Assert.Contains(parts[0], TypeNamespaces);
        });
    }
}
