namespace Auditor.Core.Tests.Support;

/// <summary>
/// One credential report row as text, all 22 columns in the real order. Defaults describe an IAM user created
/// two years ago with no console password, no MFA, no access keys and no certificates, as IAM writes it.
/// </summary>
internal sealed class ReportRow
{
    public string User { get; set; } = "user";
    public string Arn { get; set; } = "arn:aws:iam::123456789012:user/user";
    public string UserCreationTime { get; set; } = TestClock.ReportDaysAgo(730);
    public string PasswordEnabled { get; set; } = "false";
    public string PasswordLastUsed { get; set; } = "N/A";
    public string PasswordLastChanged { get; set; } = "N/A";
    public string PasswordNextRotation { get; set; } = "N/A";
    public string MfaActive { get; set; } = "false";
    public string AccessKey1Active { get; set; } = "false";
    public string AccessKey1LastRotated { get; set; } = "N/A";
    public string AccessKey1LastUsedDate { get; set; } = "N/A";
    public string AccessKey1LastUsedRegion { get; set; } = "N/A";
    public string AccessKey1LastUsedService { get; set; } = "N/A";
    public string AccessKey2Active { get; set; } = "false";
    public string AccessKey2LastRotated { get; set; } = "N/A";
    public string AccessKey2LastUsedDate { get; set; } = "N/A";
    public string AccessKey2LastUsedRegion { get; set; } = "N/A";
    public string AccessKey2LastUsedService { get; set; } = "N/A";
    public string Cert1Active { get; set; } = "false";
    public string Cert1LastRotated { get; set; } = "N/A";
    public string Cert2Active { get; set; } = "false";
    public string Cert2LastRotated { get; set; } = "N/A";

    public static ReportRow ForUser(string name) => new() { User = name, Arn = $"arn:aws:iam::123456789012:user/{name}" };

    /// <summary>The root row as IAM writes it: the password columns IAM cannot report are <c>not_supported</c>.</summary>
    public static ReportRow ForRoot() => new()
    {
        User = "<root_account>",
        Arn = "arn:aws:iam::123456789012:root",
        UserCreationTime = "2019-03-11T09:12:45+00:00",
        PasswordEnabled = "not_supported",
        PasswordLastUsed = "no_information",
        PasswordLastChanged = "not_supported",
        PasswordNextRotation = "not_supported",
        MfaActive = "true",
    };

    public ReportRow CreatedDaysAgo(double days)
    {
        UserCreationTime = TestClock.ReportDaysAgo(days);
        return this;
    }

    /// <summary>A console password set <paramref name="changedDaysAgo"/> days ago; null <paramref name="lastUsedDaysAgo"/> means never used.</summary>
    public ReportRow WithPassword(double? lastUsedDaysAgo, double changedDaysAgo)
    {
        PasswordEnabled = "true";
        PasswordLastUsed = lastUsedDaysAgo is { } used ? TestClock.ReportDaysAgo(used) : "no_information";
        PasswordLastChanged = TestClock.ReportDaysAgo(changedDaysAgo);
        return this;
    }

    public ReportRow WithMfa()
    {
        MfaActive = "true";
        return this;
    }

    /// <summary>Access key 1, created or rotated <paramref name="rotatedDaysAgo"/> days ago; null <paramref name="lastUsedDaysAgo"/> means never used.</summary>
    public ReportRow WithKey1(double rotatedDaysAgo, double? lastUsedDaysAgo = null, bool active = true)
    {
        AccessKey1Active = active ? "true" : "false";
        AccessKey1LastRotated = TestClock.ReportDaysAgo(rotatedDaysAgo);
        (AccessKey1LastUsedDate, AccessKey1LastUsedRegion, AccessKey1LastUsedService) = LastUse(lastUsedDaysAgo);
        return this;
    }

    public ReportRow WithKey2(double rotatedDaysAgo, double? lastUsedDaysAgo = null, bool active = true)
    {
        AccessKey2Active = active ? "true" : "false";
        AccessKey2LastRotated = TestClock.ReportDaysAgo(rotatedDaysAgo);
        (AccessKey2LastUsedDate, AccessKey2LastUsedRegion, AccessKey2LastUsedService) = LastUse(lastUsedDaysAgo);
        return this;
    }

    public IReadOnlyList<string> Fields =>
    [
        User, Arn, UserCreationTime, PasswordEnabled, PasswordLastUsed, PasswordLastChanged, PasswordNextRotation, MfaActive,
        AccessKey1Active, AccessKey1LastRotated, AccessKey1LastUsedDate, AccessKey1LastUsedRegion, AccessKey1LastUsedService,
        AccessKey2Active, AccessKey2LastRotated, AccessKey2LastUsedDate, AccessKey2LastUsedRegion, AccessKey2LastUsedService,
        Cert1Active, Cert1LastRotated, Cert2Active, Cert2LastRotated,
    ];

    private static (string Date, string Region, string Service) LastUse(double? daysAgo) =>
        daysAgo is { } used ? (TestClock.ReportDaysAgo(used), "us-east-1", "s3") : ("N/A", "N/A", "N/A");
}
