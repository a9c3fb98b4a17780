namespace Auditor.Core.Model;

/// <summary>The members of IAM <c>PasswordPolicy</c> the checks read; absent numbers are null.</summary>
public sealed record PasswordPolicy
{
    public int? MinimumPasswordLength { get; init; }

    public bool RequireSymbols { get; init; }

    public bool RequireNumbers { get; init; }

    public bool RequireUppercaseCharacters { get; init; }

    public bool RequireLowercaseCharacters { get; init; }

    /// <summary>How many previous passwords a user may not reuse; null when reuse is not prevented.</summary>
    public int? PasswordReusePrevention { get; init; }

    /// <summary>Days after which a password expires; null when passwords do not expire.</summary>
    public int? MaxPasswordAge { get; init; }
}
