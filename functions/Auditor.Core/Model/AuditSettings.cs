namespace Auditor.Core.Model;

/// <summary>The thresholds the checks apply; every value has a documented default and is validated.</summary>
public sealed record AuditSettings
{
    public const int DefaultUnusedCredentialsDays = 45;
    public const int DefaultAccessKeyMaxAgeDays = 90;
    public const int DefaultRootActivityLookbackDays = 7;
    public const Severity DefaultShieldSeverity = Severity.Low;
    public const int DefaultPasswordMinLength = 14;
    public const int DefaultPasswordReusePrevention = 24;

    /// <summary>Days without use after which a password or active key is unused (CIS 1.12).</summary>
    public int UnusedCredentialsDays { get; init; } = DefaultUnusedCredentialsDays;

    /// <summary>Age in days after which an active key must have been rotated (CIS 1.14).</summary>
    public int AccessKeyMaxAgeDays { get; init; } = DefaultAccessKeyMaxAgeDays;

    /// <summary>How far back root use is reported.</summary>
    public int RootActivityLookbackDays { get; init; } = DefaultRootActivityLookbackDays;

    /// <summary>Severity of a missing Shield Advanced subscription.</summary>
    public Severity ShieldSeverity { get; init; } = DefaultShieldSeverity;

    /// <summary>The shortest password the password policy must require (CIS 1.8).</summary>
    public int PasswordMinLength { get; init; } = DefaultPasswordMinLength;

    /// <summary>How many previous passwords the password policy must keep users from reusing (CIS 1.9).</summary>
    public int PasswordReusePrevention { get; init; } = DefaultPasswordReusePrevention;

    /// <summary>
    /// Accounts whose principals roles may trust without an external id, beside the audited account itself (and, in
    /// organization mode, the organization's accounts).
    /// </summary>
    public IReadOnlySet<string> TrustedAccounts { get; init; } = NoTrustedAccounts;

    /// <summary>The default: no account beyond the audited one (one instance, so default settings compare equal).</summary>
    public static IReadOnlySet<string> NoTrustedAccounts { get; } = new HashSet<string>(StringComparer.Ordinal);

    public static AuditSettings Default { get; } = new();
}
