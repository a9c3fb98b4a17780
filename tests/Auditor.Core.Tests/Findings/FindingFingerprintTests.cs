using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Findings;

/// <summary>What makes a finding "changed" for Security Hub's bill: the content, not the night it was observed.</summary>
public sealed class FindingFingerprintTests
{
    private static readonly CheckMetadata UserMfa = CheckCatalog.Find("iam.user-mfa")!.Metadata;

    [Fact]
    public void Every_finding_carries_its_fingerprint_in_its_product_fields()
    {
        var finding = Finding();

        var stored = FindingFingerprint.StoredIn(finding);

        Assert.NotNull(stored);
        Assert.Matches("^v1:[0-9a-f]{32}$", stored);
        Assert.Equal(FindingFingerprint.Of(finding, UserMfa.ObservedEvidence), stored);
    }

    [Fact]
    public void The_same_result_on_another_night_from_another_report_has_the_same_fingerprint()
    {
        var tonight = Finding(now: TestClock.Now, origin: EvidenceOrigin.Live(TestClock.Now));
        var nextWeek = Finding(now: TestClock.Now.AddDays(7), origin: new EvidenceOrigin(EvidenceFields.CredentialReportSource, TestClock.Now.AddDays(7).AddHours(-3)));

        Assert.NotEqual(tonight.UpdatedAt, nextWeek.UpdatedAt);
        Assert.NotEqual(tonight.ProductFields![EvidenceFields.Time], nextWeek.ProductFields![EvidenceFields.Time]);
        Assert.Equal(FindingFingerprint.StoredIn(tonight), FindingFingerprint.StoredIn(nextWeek));
    }

    [Fact]
    public void A_new_sign_in_moves_only_observed_evidence_and_keeps_the_fingerprint()
    {
        var before = Finding(passwordLastUsed: "2026-11-01T08:00:00.000Z");
        var after = Finding(passwordLastUsed: "2026-11-24T08:00:00.000Z");

        Assert.Contains("auditor/PasswordLastUsed", UserMfa.ObservedEvidence);
        Assert.Equal(FindingFingerprint.StoredIn(before), FindingFingerprint.StoredIn(after));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("severity")]
    [InlineData("description")]
    [InlineData("resource")]
    [InlineData("evidence")]
    public void A_change_a_reader_would_notice_changes_the_fingerprint(string what)
    {
        var baseline = Finding();
        var changed = what switch
        {
            "status" => Finding(status: ComplianceStatus.Passed),
            "severity" => Finding(severity: Severity.High),
            "description" => Finding(description: "IAM user bob has a console password and no MFA device, again."),
            "resource" => Finding(user: "bob2"),
            _ => Finding(mfaActive: "true"),
        };

        Assert.NotEqual(FindingFingerprint.StoredIn(baseline), FindingFingerprint.StoredIn(changed));
    }

    [Fact]
    public void Archiving_changes_the_record_state_and_so_the_fingerprint()
    {
        var active = Finding();

        Assert.NotEqual(FindingFingerprint.Of(active, []), FindingFingerprint.Of(active with { RecordState = RecordStates.Archived }, []));
    }

    [Fact]
    public void What_a_person_sets_and_what_Security_Hub_adds_are_not_ours()
    {
        var written = Finding();
        var asStored = written with
        {
            Workflow = new AsffWorkflow("SUPPRESSED"),
            Region = "us-east-1",
            ProductFields = new Dictionary<string, string>(written.ProductFields!)
            {
                ["aws/securityhub/FindingId"] = written.ProductArn + "/" + written.Id,
                ["aws/securityhub/ProductName"] = "Default",
            },
        };

        Assert.Equal(FindingFingerprint.Of(written, UserMfa.ObservedEvidence), FindingFingerprint.Of(asStored, UserMfa.ObservedEvidence));
    }

    [Fact]
    public void A_finding_written_before_fingerprints_has_none()
    {
        var old = Finding() with { ProductFields = new Dictionary<string, string> { [EvidenceFields.CheckId] = "iam.user-mfa" } };

        Assert.Null(FindingFingerprint.StoredIn(old));
    }

    [Fact]
    public void A_finding_full_of_evidence_keeps_its_fingerprint_within_the_product_field_limit()
    {
        var evidence = new EvidenceMap(60);
        for (var i = 0; i < 60; i++)
        {
            evidence[$"auditor/Item{i}"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var finding = Create(new CheckResult
        {
            CheckId = UserMfa.Id,
            Status = ComplianceStatus.Failed,
            Severity = UserMfa.Severity,
            Resource = new AsffResource { Type = "AwsIamUser", Id = "arn:aws:iam::123456789012:user/bob", Partition = "aws" },
            Description = "IAM user bob has a console password and no MFA device.",
            Evidence = evidence,
        });

        Assert.Equal(FindingFactory.MaxProductFields, finding.ProductFields!.Count);
        Assert.NotNull(FindingFingerprint.StoredIn(finding));
    }

    private static AsffFinding Finding(
        string user = "bob",
        ComplianceStatus status = ComplianceStatus.Failed,
        Severity severity = Severity.Medium,
        string? description = null,
        string mfaActive = "false",
        string passwordLastUsed = "2026-11-15T09:00:00.000Z",
        DateTimeOffset? now = null,
        EvidenceOrigin? origin = null) =>
        Create(
            new CheckResult
            {
                CheckId = UserMfa.Id,
                Status = status,
                Severity = severity,
                Resource = new AsffResource { Type = "AwsIamUser", Id = $"arn:aws:iam::123456789012:user/{user}", Partition = "aws" },
                Description = description ?? $"IAM user {user} has a console password and no MFA device.",
                Evidence = new EvidenceWithSource(
                    new EvidenceMap { ["auditor/PasswordEnabled"] = "true", ["auditor/MfaActive"] = mfaActive, ["auditor/PasswordLastUsed"] = passwordLastUsed },
                    origin ?? new EvidenceOrigin(EvidenceFields.CredentialReportSource, TestClock.ReportGeneratedAt)),
            },
            now);

    private static AsffFinding Create(CheckResult result, DateTimeOffset? now = null) =>
        FindingFactory.Create(result, UserMfa, AccountId, "aws", "us-east-1", now ?? TestClock.Now);
}
