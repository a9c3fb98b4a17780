using Auditor.Core.CredentialReports;

namespace Auditor.Core.Model;

/// <summary>
/// One IAM user's credentials as live IAM calls describe them (<c>GetLoginProfile</c>, <c>ListMFADevices</c>,
/// <c>ListAccessKeys</c>, <c>GetAccessKeyLastUsed</c>, <c>ListUsers</c>), read at <see cref="ReadAt"/>.
/// <see cref="ToReportRow"/> gives the credential report row AWS would write for the user now.
/// </summary>
public sealed record LiveUserCredentials
{
    public required string UserName { get; init; }

    public required string Arn { get; init; }

    public DateTimeOffset? CreateDate { get; init; }

    /// <summary>The user has a login profile (a console password).</summary>
    public bool PasswordEnabled { get; init; }

    /// <summary>When the console password was set (<c>LoginProfile.CreateDate</c>).</summary>
    public DateTimeOffset? PasswordCreated { get; init; }

    public DateTimeOffset? PasswordLastUsed { get; init; }

    public bool MfaActive { get; init; }

    public IReadOnlyList<LiveAccessKey> AccessKeys { get; init; } = [];

    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>
    /// The row as a report generated now would have it: keys in creation order as access_key_1 and access_key_2,
    /// a key's last rotation being its creation, and <see cref="CredentialReportRow.ConfirmedAt"/> set to the read time.
    /// </summary>
    public CredentialReportRow ToReportRow()
    {
        var keys = AccessKeys
            .OrderBy(k => k.CreateDate ?? DateTimeOffset.MaxValue)
            .ThenBy(k => k.AccessKeyId, StringComparer.Ordinal)
            .Select(k => new AccessKeyColumns(k.Active, k.CreateDate, k.LastUsedDate, k.LastUsedRegion, k.LastUsedService))
            .ToList();
        return new CredentialReportRow
        {
            User = UserName,
            Arn = Arn,
            UserCreationTime = CreateDate,
            PasswordEnabled = PasswordEnabled,
            PasswordLastUsed = PasswordEnabled ? PasswordLastUsed : null,
            PasswordLastChanged = PasswordEnabled ? PasswordCreated : null,
            MfaActive = MfaActive,
            AccessKey1 = keys.Count > 0 ? keys[0] : AccessKeyColumns.None,
            AccessKey2 = keys.Count > 1 ? keys[1] : AccessKeyColumns.None,
            ConfirmedAt = ReadAt,
        };
    }
}

/// <summary>One access key as <c>ListAccessKeys</c> and <c>GetAccessKeyLastUsed</c> describe it; null = never used or unknown.</summary>
public sealed record LiveAccessKey(string AccessKeyId, bool Active, DateTimeOffset? CreateDate, DateTimeOffset? LastUsedDate = null, string? LastUsedRegion = null, string? LastUsedService = null);
