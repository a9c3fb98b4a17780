using Auditor.Core.Checks;
using Auditor.Core.Model;
using Auditor.Core.Tests.Support;
using Auditor.Testing;
using static Auditor.Core.Tests.Support.Snapshots;

namespace Auditor.Core.Tests.Checks;

public sealed class RootHardwareMfaCheckTests
{
    private static readonly VirtualMfaDevice RootVirtualDevice =
        new("arn:aws:iam::123456789012:mfa/root-account-mfa-device", RootArn, TestClock.DaysAgo(300));

    private static readonly VirtualMfaDevice AliceVirtualDevice =
        new("arn:aws:iam::123456789012:mfa/alice", "arn:aws:iam::123456789012:user/alice", TestClock.DaysAgo(30));

    private static readonly VirtualMfaDevice UnassignedDevice = new("arn:aws:iam::123456789012:mfa/spare", null, null);

    private readonly RootHardwareMfaCheck _check = new();

    [Fact]
    public void Fails_critical_when_root_mfa_is_a_virtual_device()
    {
        var snapshot = WithReport(Fixture.RealReport).WithVirtualMfaDevices(VirtualDevices(AliceVirtualDevice, RootVirtualDevice));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal(RootVirtualDevice.SerialNumber, result.Evidence["auditor/VirtualMFADevice"]);
        Assert.Contains(RootVirtualDevice.SerialNumber, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_when_root_has_mfa_and_no_virtual_device_is_assigned_to_root()
    {
        var snapshot = WithReport(Fixture.RealReport).WithVirtualMfaDevices(VirtualDevices(AliceVirtualDevice, UnassignedDevice));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Passed, result.Status);
        Assert.Equal(Severity.Informational, result.Severity);
    }

    [Fact]
    public void A_user_named_root_with_a_virtual_device_is_not_the_root_user()
    {
        var userNamedRoot = new VirtualMfaDevice("arn:aws:iam::123456789012:mfa/root", "arn:aws:iam::123456789012:user/root", TestClock.DaysAgo(3));
        var snapshot = WithReport(Fixture.RealReport).WithVirtualMfaDevices(VirtualDevices(userNamedRoot));

        Assert.Equal(ComplianceStatus.Passed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void Fails_when_root_has_no_mfa_at_all_even_if_devices_could_not_be_listed()
    {
        var snapshot = WithReport(Fixture.RootUsedRecently).WithVirtualMfaDevices(AccessDenied<IReadOnlyList<VirtualMfaDevice>>("iam:ListVirtualMFADevices"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.Failed, result.Status);
        Assert.Contains("no MFA device", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_available_when_root_has_mfa_but_virtual_devices_could_not_be_listed()
    {
        var snapshot = WithReport(Fixture.RealReport).WithVirtualMfaDevices(AccessDenied<IReadOnlyList<VirtualMfaDevice>>("iam:ListVirtualMFADevices"));

        var result = Assert.Single(Run(_check, snapshot));

        Assert.Equal(ComplianceStatus.NotAvailable, result.Status);
        Assert.Equal("AccessDenied", result.StatusReason?.ReasonCode);
        Assert.Contains("iam:ListVirtualMFADevices", result.StatusReason?.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, ComplianceStatus.Failed)]
    [InlineData(false, ComplianceStatus.Passed)]
    public void Falls_back_to_the_account_summary_when_the_report_has_no_root_row(bool virtualOnRoot, ComplianceStatus expected)
    {
        // moto's credential report has no <root_account> row: AccountMFAEnabled says whether root has MFA.
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(Summary(mfaEnabled: 1, accessKeysPresent: 0)).WithVirtualMfaDevices(virtualOnRoot ? VirtualDevices(RootVirtualDevice) : VirtualDevices(AliceVirtualDevice));

        Assert.Equal(expected, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void Fails_from_the_account_summary_when_root_has_no_mfa()
    {
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(Summary(0, 0)).WithVirtualMfaDevices(VirtualDevices());

        Assert.Equal(ComplianceStatus.Failed, Assert.Single(Run(_check, snapshot)).Status);
    }

    [Fact]
    public void Not_available_when_the_root_state_could_not_be_read()
    {
        var snapshot = WithReport(Fixture.MotoReport).WithAccountSummary(AccessDenied<AccountSummary>("iam:GetAccountSummary")).WithVirtualMfaDevices(VirtualDevices(RootVirtualDevice));

        Assert.Equal(ComplianceStatus.NotAvailable, Assert.Single(Run(_check, snapshot)).Status);
    }
}
