using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class KmsKeyRotationCheckTests
{
    private readonly KmsKeyRotationCheck _check = new();

    internal static KmsKey Key(string id, string manager = "CUSTOMER", string state = "Enabled", string spec = "SYMMETRIC_DEFAULT", string origin = "AWS_KMS", bool? rotation = null, int? period = null, string region = "us-east-1") => new()
    {
        KeyId = id,
        Arn = $"arn:aws:kms:{region}:123456789012:key/{id}",
        KeyManager = manager,
        KeyState = state,
        KeySpec = spec,
        Origin = origin,
        RotationEnabled = rotation,
        RotationPeriodInDays = period,
    };

    internal static AccountSnapshot Keys(params (string Region, Gathered<IReadOnlyList<KmsKey>> Keys)[] regions) =>
        (Empty() with { Regions = regions.Select(r => r.Region).ToList() })
            .With(EvidenceKinds.KmsKeys, regions.Select(r => new RegionalEvidence<IReadOnlyList<KmsKey>>(r.Region, r.Keys)));

    internal static Gathered<IReadOnlyList<KmsKey>> Ok(params KmsKey[] keys) => Gathered<IReadOnlyList<KmsKey>>.Ok(keys);

    [Fact]
    public void Fails_medium_for_a_customer_managed_symmetric_key_without_rotation()
    {
        var result = Assert.Single(Run(_check, Keys(("eu-west-1", Ok(Key("k-1", rotation: false, region: "eu-west-1"))))));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Medium, result.Severity);
        Assert.Equal("AwsKmsKey", result.Resource.Type);
        Assert.Equal("arn:aws:kms:eu-west-1:123456789012:key/k-1", result.Resource.Id);
        Assert.Equal("eu-west-1", result.Resource.Region);
        Assert.Equal("false", result.Evidence["auditor/KeyRotationEnabled"]);
        Assert.Contains("without automatic rotation", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_with_rotation_on_and_states_the_period()
    {
        var result = Assert.Single(Run(_check, Keys(("us-east-1", Ok(Key("k-1", rotation: true, period: 180))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("180", result.Evidence["auditor/RotationPeriodInDays"]);
        Assert.Contains("every 180 days", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Rotation_without_a_reported_period_says_so()
    {
        var result = Assert.Single(Run(_check, Keys(("us-east-1", Ok(Key("k-1", rotation: true))))));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal("not reported", result.Evidence["auditor/RotationPeriodInDays"]);
    }

    [Fact]
    public void Aws_managed_asymmetric_hmac_imported_disabled_and_pending_deletion_keys_are_out_of_scope_not_passed()
    {
        var results = Run(_check, Keys(("us-east-1", Ok(
            Key("aws-managed", manager: "AWS"),
            Key("rsa", spec: "RSA_2048"),
            Key("hmac", spec: "HMAC_256"),
            Key("imported", origin: "EXTERNAL"),
            Key("disabled", state: "Disabled"),
            Key("deleting", state: "PendingDeletion"),
            Key("in-scope", rotation: false)))));

        var result = Assert.Single(results);
        Assert.EndsWith("/in-scope", result.Resource.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_without_keys_in_scope_has_no_result_and_counts_as_evaluated()
    {
        Assert.Empty(Run(_check, Keys(("us-east-1", Ok(Key("aws-managed", manager: "AWS"))), ("eu-west-1", Ok()))));
    }

    [Fact]
    public void Key_that_could_not_be_described_is_not_available_on_that_key_and_the_others_are_evaluated()
    {
        var refused = new KmsKey { KeyId = "locked", Arn = "arn:aws:kms:us-east-1:123456789012:key/locked", Failure = new KmsKeyReadFailure("AccessDeniedException", "kms DescribeKey answered AccessDeniedException: the key policy denies it") };

        var results = Run(_check, Keys(("us-east-1", Ok(refused, Key("open", rotation: true)))));

        var unavailable = Assert.Single(results, r => r.Status == ComplianceStatus.NotAvailable);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/locked", unavailable.Resource.Id);
        Assert.Equal("AccessDeniedException", unavailable.StatusReason?.ReasonCode);
        Assert.Contains("key policy", unavailable.StatusReason?.Description, StringComparison.Ordinal);
        Assert.Equal(ComplianceStatus.Passed, Assert.Single(results, r => r.Resource.Id.EndsWith("/open", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void Region_whose_keys_could_not_be_listed_is_not_available_and_only_that_region()
    {
        var results = Run(_check, Keys(
            ("us-east-1", Ok(Key("k-1", rotation: true))),
            ("eu-west-1", AccessDenied<IReadOnlyList<KmsKey>>("kms:ListKeys"))));

        var unavailable = Assert.Single(results, r => r.Status == ComplianceStatus.NotAvailable);
        Assert.Equal("eu-west-1", unavailable.Region);
        Assert.Equal("AccessDenied", unavailable.StatusReason?.ReasonCode);
        Assert.Equal(ComplianceStatus.Passed, results.ForRegion("us-east-1").Status);
    }

    [Fact]
    public void Audited_region_that_was_not_read_is_not_available()
    {
        var snapshot = Keys(("us-east-1", Ok())) with { Regions = Regions };

        var results = Run(_check, snapshot);

        Assert.Equal(["ap-southeast-2", "eu-west-1"], results.Select(r => r.Region!).Order());
        Assert.All(results, r => Assert.Equal("NotCollected", r.StatusReason?.ReasonCode));
    }
}
