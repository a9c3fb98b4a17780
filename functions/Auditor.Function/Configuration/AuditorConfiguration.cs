using System.Globalization;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;
using Auditor.Core.Freshness;
using Auditor.Core.Model;

namespace Auditor.Function.Configuration;

/// <summary>
/// The audit's settings from the environment variables template.yaml declares. Empty means the default;
/// anything unusable is a <see cref="ConfigurationException"/> naming the variable.
/// </summary>
public static class AuditorConfiguration
{
    public const string SecurityHubRegion = "SECURITY_HUB_REGION";
    public const string AuditRegions = "AUDIT_REGIONS";
    public const string UnusedCredentialsDays = "UNUSED_CREDENTIALS_DAYS";
    public const string AccessKeyMaxAgeDays = "ACCESS_KEY_MAX_AGE_DAYS";
    public const string RootActivityLookbackDays = "ROOT_ACTIVITY_LOOKBACK_DAYS";
    public const string ShieldSeverity = "SHIELD_SEVERITY";
    public const string ReportMaxAgeMinutes = "REPORT_MAX_AGE_MINUTES";
    public const string RootEventRetentionDays = "ROOT_EVENT_RETENTION_DAYS";
    public const string DeadlineMarginSeconds = "DEADLINE_MARGIN_SECONDS";
    public const string RefreshUnchangedDays = "REFRESH_UNCHANGED_DAYS";
    public const string TrustedAccounts = "TRUSTED_ACCOUNTS";
    public const string PasswordMinLength = "PASSWORD_MIN_LENGTH";
    public const string PasswordReusePrevention = "PASSWORD_REUSE_PREVENTION";
    public const string ReportBucket = "REPORT_BUCKET";

    /// <summary>The longest accepted maximum report age: AWS regenerates a report at most every 4 hours, so 240 means "always trust it".</summary>
    public const int MaxReportMaxAgeMinutes = 1440;

    /// <summary>Security Hub deletes an ACTIVE finding 90 days after its last update: a longer retention would mean nothing.</summary>
    public const int MaxRootEventRetentionDays = 90;

    /// <summary>Every variable the audit reads, for the template consistency test.</summary>
    public static IReadOnlyList<string> Variables { get; } =
        [SecurityHubRegion, AuditRegions, UnusedCredentialsDays, AccessKeyMaxAgeDays, RootActivityLookbackDays, ShieldSeverity, ReportMaxAgeMinutes, RootEventRetentionDays, DeadlineMarginSeconds, RefreshUnchangedDays, TrustedAccounts, PasswordMinLength, PasswordReusePrevention, ReportBucket];

    public static AuditorOptions Load(Func<string, string?> variables)
    {
        string? Get(string name) => variables(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

        var hubRegion = Get(SecurityHubRegion);
        if (hubRegion is not null && !AwsNames.IsRegion(hubRegion))
        {
            throw new ConfigurationException(SecurityHubRegion, $"'{hubRegion}' is not a region name");
        }

        List<string>? regions = null;
        if (Get(AuditRegions) is { } list)
        {
            regions = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var bad = regions.FirstOrDefault(r => !AwsNames.IsRegion(r));
            if (bad is not null)
            {
                throw new ConfigurationException(AuditRegions, $"'{bad}' is not a region name");
            }
        }

        var shield = AuditSettings.DefaultShieldSeverity;
        if (Get(ShieldSeverity) is { } label)
        {
            shield = SeverityNames.Parse(label) ?? throw new ConfigurationException(ShieldSeverity, $"'{label}' is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL");
        }

        var margin = RunBudget.DefaultSafetyMargin;
        if (Get(DeadlineMarginSeconds) is { } seconds)
        {
            margin = int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s <= 600
                ? TimeSpan.FromSeconds(s)
                : throw new ConfigurationException(DeadlineMarginSeconds, $"'{seconds}' is not a whole number of seconds between 0 and 600");
        }

        var reportMaxAge = ReportStaleness.DefaultMaxAge;
        if (Get(ReportMaxAgeMinutes) is { } minutes)
        {
            reportMaxAge = int.TryParse(minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 0 and <= MaxReportMaxAgeMinutes
                ? TimeSpan.FromMinutes(m)
                : throw new ConfigurationException(ReportMaxAgeMinutes, $"'{minutes}' is not a whole number of minutes between 0 and {MaxReportMaxAgeMinutes}");
        }

        var retention = AuditorOptions.DefaultRootEventRetentionDays;
        if (Get(RootEventRetentionDays) is { } retentionText)
        {
            retention = int.TryParse(retentionText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxRootEventRetentionDays
                ? days
                : throw new ConfigurationException(RootEventRetentionDays, $"'{retentionText}' is not a whole number of days between 1 and {MaxRootEventRetentionDays} (Security Hub deletes active findings after 90 days)");
        }

        var refresh = RefreshPolicy.Default;
        if (Get(RefreshUnchangedDays) is { } refreshText)
        {
            refresh = int.TryParse(refreshText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= RefreshPolicy.MaxDays
                ? new RefreshPolicy(days)
                : throw new ConfigurationException(RefreshUnchangedDays, $"'{refreshText}' is not a whole number of days between 0 and {RefreshPolicy.MaxDays} (0 imports every finding every run)");
        }

        var trusted = new HashSet<string>(StringComparer.Ordinal);
        if (Get(TrustedAccounts) is { } accounts)
        {
            foreach (var account in accounts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                trusted.Add(AwsNames.IsAccountId(account) ? account : throw new ConfigurationException(TrustedAccounts, $"'{account}' is not a 12-digit account id"));
            }
        }

        var bucket = Get(ReportBucket);
        if (bucket is not null && !IsBucketName(bucket))
        {
            throw new ConfigurationException(ReportBucket, $"'{bucket}' is not an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }

        return new AuditorOptions
        {
            Refresh = refresh,
            ReportBucket = bucket,
            DeadlineMargin = margin,
            SecurityHubRegion = hubRegion,
            ReportMaxAge = reportMaxAge,
            Regions = regions is { Count: > 0 } ? regions : null,
            RootEventRetentionDays = retention,
            Settings = new AuditSettings
            {
                UnusedCredentialsDays = Days(Get(UnusedCredentialsDays), UnusedCredentialsDays, AuditSettings.DefaultUnusedCredentialsDays),
                AccessKeyMaxAgeDays = Days(Get(AccessKeyMaxAgeDays), AccessKeyMaxAgeDays, AuditSettings.DefaultAccessKeyMaxAgeDays),
                RootActivityLookbackDays = Days(Get(RootActivityLookbackDays), RootActivityLookbackDays, AuditSettings.DefaultRootActivityLookbackDays),
                ShieldSeverity = shield,
                TrustedAccounts = trusted.Count == 0 ? AuditSettings.NoTrustedAccounts : trusted,
                // IAM accepts a minimum length of 6 to 128 and remembers at most 24 previous passwords.
                PasswordMinLength = Whole(Get(PasswordMinLength), PasswordMinLength, AuditSettings.DefaultPasswordMinLength, 6, 128, "characters"),
                PasswordReusePrevention = Whole(Get(PasswordReusePrevention), PasswordReusePrevention, AuditSettings.DefaultPasswordReusePrevention, 1, 24, "passwords"),
            },
        };
    }

    private static int Whole(string? value, string variable, int fallback, int min, int max, string unit) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number
        : throw new ConfigurationException(variable, $"'{value}' is not a whole number of {unit} between {min} and {max}");

    private static bool IsBucketName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);

    private static int Days(string? value, string variable, int fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650
            ? days
            : throw new ConfigurationException(variable, $"'{value}' is not a whole number of days between 1 and 3650");
    }
}
