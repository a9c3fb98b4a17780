using Auditor.Core.CloudTrail;
using Auditor.Core.Model;
using static Auditor.Core.Tests.Support.CloudTrailRecords;

namespace Auditor.Core.Tests.CloudTrail;

public sealed class RootEventSeverityTests
{
    private static readonly DateTimeOffset When = new(2026, 11, 20, 9, 15, 2, TimeSpan.Zero);

    public static TheoryData<string, Severity> Cases => new()
    {
        { "sign-in without MFA", Severity.Critical },
        { "failed sign-in", Severity.High },
        { "API call without MFA", Severity.High },
        { "API call with a root access key", Severity.High },
        { "sign-in with MFA", Severity.Medium },
        { "API call with MFA", Severity.Low },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Severity_follows_what_happened(string what, Severity expected)
    {
        Assert.Equal(expected, RootEventSeverity.Of(Event(what)));
    }

    [Fact]
    public void Sign_in_without_mfa_and_failed_sign_in_rate_higher_than_an_api_call_with_mfa()
    {
        var apiWithMfa = RootEventSeverity.Of(Event("API call with MFA"));

        Assert.True(RootEventSeverity.Of(Event("sign-in without MFA")) > apiWithMfa);
        Assert.True(RootEventSeverity.Of(Event("failed sign-in")) > apiWithMfa);
        Assert.True(RootEventSeverity.Of(Event("sign-in without MFA")) > RootEventSeverity.Of(Event("sign-in with MFA")));
        Assert.True(RootEventSeverity.Of(Event("API call without MFA")) > apiWithMfa);
    }

    [Fact]
    public void Unknown_mfa_counts_as_no_mfa()
    {
        Assert.Equal(Severity.Critical, RootEventSeverity.Of(Read(ConsoleLogin("Success", null, When))));
    }

    [Fact]
    public void Other_sign_in_events_rate_medium_or_high_when_they_fail()
    {
        var check = Read(ConsoleLogin("Success", "Yes", When)) with { EventName = "CheckMfa", ConsoleLoginResult = null };
        var recovery = check with { EventName = "PasswordRecoveryRequested", ErrorCode = "Failed" };

        Assert.Equal(Severity.Medium, RootEventSeverity.Of(check));
        Assert.Equal(Severity.High, RootEventSeverity.Of(recovery));
    }

    [Fact]
    public void Titles_say_what_happened()
    {
        Assert.Equal("Root user signed in to the console without MFA", RootEventSeverity.Describe(Event("sign-in without MFA")));
        Assert.Equal("Failed root user console sign-in", RootEventSeverity.Describe(Event("failed sign-in")));
        Assert.Equal("Root user API call iam:UpdateAccountPasswordPolicy with MFA", RootEventSeverity.Describe(Event("API call with MFA")));
    }

    private static RootEventRecord Event(string what) => what switch
    {
        "sign-in without MFA" => Read(ConsoleLogin("Success", "No", When)),
        "sign-in with MFA" => Read(ConsoleLogin("Success", "Yes", When)),
        "failed sign-in" => Read(ConsoleLogin("Failure", "No", When)),
        "API call with MFA" => Read(ApiCall("UpdateAccountPasswordPolicy", "iam", true, When)),
        "API call without MFA" => Read(ApiCall("UpdateAccountPasswordPolicy", "iam", false, When)),
        "API call with a root access key" => Read(ApiCall("ListBuckets", "s3", null, When)),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
    };
}
