namespace Auditor.Core.Model;

/// <summary>One entry of IAM <c>ListVirtualMFADevices</c>; <see cref="UserArn"/> is null for an unassigned device.</summary>
public sealed record VirtualMfaDevice(string SerialNumber, string? UserArn, DateTimeOffset? EnableDate)
{
    public bool IsAssignedToRoot => UserArn is not null && UserArn.EndsWith(":root", StringComparison.Ordinal);
}
