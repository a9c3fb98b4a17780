using Auditor.Core.Checks;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Checks.KmsKeyRotationCheckTests;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class KmsPendingDeletionCheckTests
{
    private readonly KmsPendingDeletionCheck _check = new();

    [Fact]
    public void Fails_high_while_a_customer_managed_key_is_pending_deletion_with_the_date()
    {
        var deleting = Key("k-1", state: "PendingDeletion") with { DeletionDate = new DateTimeOffset(2026, 12, 15, 1, 22, 30, TimeSpan.Zero) };

        var result = Assert.Single(Run(_check, Keys(("us-east-1", Ok(deleting)))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/k-1", result.Resource.Id);
        Assert.Equal("2026-12-15T01:22:30.000Z", result.Evidence["auditor/DeletionDate"]);
        Assert.Contains("scheduled for deletion on 2026-12-15T01:22:30.000Z", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Enabled")]
    [InlineData("Disabled")]
    [InlineData("PendingImport")]
    public void Passes_for_a_customer_managed_key_in_any_other_state_whatever_its_spec(string state)
    {
        var result = Assert.Single(Run(_check, Keys(("us-east-1", Ok(Key("k-1", state: state, spec: "RSA_4096"))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(state, result.Evidence["auditor/KeyState"]);
        Assert.False(result.Evidence.ContainsKey("auditor/DeletionDate"));
    }

    [Fact]
    public void Aws_managed_keys_are_not_reported()
    {
        Assert.Empty(Run(_check, Keys(("us-east-1", Ok(Key("aws", manager: "AWS"))))));
    }

    [Fact]
    public void Key_that_could_not_be_described_is_not_available_on_that_key()
    {
        var refused = new KmsKey { KeyId = "locked", Arn = "arn:aws:kms:us-east-1:123456789012:key/locked", Failure = new KmsKeyReadFailure("AccessDeniedException", "denied") };

        var result = Assert.Single(Run(_check, Keys(("us-east-1", Ok(refused)))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/locked", result.Resource.Id);
    }

    [Fact]
    public void Region_whose_keys_could_not_be_listed_is_not_available()
    {
        var result = Assert.Single(Run(_check, Keys(("eu-west-1", AccessDenied<IReadOnlyList<KmsKey>>("kms:ListKeys")))));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("eu-west-1", result.Region);
    }
}
