namespace Auditor.Core.CredentialReports;

/// <summary>
/// One row of the credential report with its special tokens resolved: a date column is null for
/// <c>N/A</c>, <c>no_information</c> and <c>not_supported</c>.
/// </summary>
public sealed record CredentialReportRow
{
    /// <summary>The user name column; <c>&lt;root_account&gt;</c> for the root row.</summary>
    public required string User { get; init; }

    public required string Arn { get; init; }

    public bool IsRoot => User == CredentialReportParser.RootUserName;

    public DateTimeOffset? UserCreationTime { get; init; }

    /// <summary>True when the user has a console password; the root row reports <c>not_supported</c>, read as false.</summary>
    public bool PasswordEnabled { get; init; }

    public DateTimeOffset? PasswordLastUsed { get; init; }

    public DateTimeOffset? PasswordLastChanged { get; init; }

    public bool MfaActive { get; init; }

    public required AccessKeyColumns AccessKey1 { get; init; }

    public required AccessKeyColumns AccessKey2 { get; init; }

    /// <summary>
    /// When this row was read from live IAM calls instead of the report (a stale report's row confirmed, or a user
    /// created after the report); null for a row as the report has it.
    /// </summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    public IEnumerable<(int Number, AccessKeyColumns Key)> ActiveAccessKeys
    {
        get
        {
            if (AccessKey1.Active)
            {
                yield return (1, AccessKey1);
            }

            if (AccessKey2.Active)
            {
                yield return (2, AccessKey2);
            }
        }
    }

    /// <summary>The user name part of the ARN's resource, after any path.</summary>
    public string UserPath
    {
        get
        {
            var resource = Arn.IndexOf(":user", StringComparison.Ordinal);
            if (resource < 0)
            {
                return "/";
            }

            var path = Arn[(resource + ":user".Length)..];
            var lastSlash = path.LastIndexOf('/');
            return lastSlash <= 0 ? "/" : path[..(lastSlash + 1)];
        }
    }
}

/// <summary>The <c>access_key_N_*</c> columns of one report row.</summary>
public sealed record AccessKeyColumns(bool Active, DateTimeOffset? LastRotated, DateTimeOffset? LastUsedDate, string? LastUsedRegion, string? LastUsedService)
{
    public static AccessKeyColumns None { get; } = new(false, null, null, null, null);
}
