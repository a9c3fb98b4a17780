using Auditor.Core.Model;

namespace Auditor.Core.CloudTrail;

/// <summary>
/// How serious one root event is, by what happened. From most to least severe:
/// <list type="bullet">
/// <item>CRITICAL: a successful console sign-in without MFA (the root password alone opened the account);</item>
/// <item>HIGH: a failed console sign-in (someone holds or is guessing the root password); an API call without MFA
/// (a root access key, or a session that did not use MFA); any other sign-in event that failed;</item>
/// <item>MEDIUM: a successful console sign-in with MFA; another sign-in event (MFA check, password recovery) that succeeded;</item>
/// <item>LOW: an API call made with MFA (inside a root console session that signed in with MFA).</item>
/// </list>
/// When the record does not say whether MFA was used, it counts as not used.
/// </summary>
public static class RootEventSeverity
{
    public static Severity Of(RootEventRecord record)
    {
        var mfa = record.MfaUsed == true;
        if (record.IsConsoleSignIn)
        {
            if (!record.Succeeded)
            {
                return Severity.High;
            }

            if (record.IsConsoleLogin)
            {
                return mfa ? Severity.Medium : Severity.Critical;
            }

            return Severity.Medium;
        }

        return mfa ? Severity.Low : Severity.High;
    }

    /// <summary>What happened, in a few words: the finding's title.</summary>
    public static string Describe(RootEventRecord record)
    {
        var withMfa = record.MfaUsed switch
        {
            true => "with MFA",
            false => "without MFA",
            null => "MFA not reported",
        };
        if (record.IsConsoleSignIn && record.IsConsoleLogin)
        {
            return record.Succeeded ? $"Root user signed in to the console {withMfa}" : "Failed root user console sign-in";
        }

        if (record.IsConsoleSignIn)
        {
            return record.Succeeded ? $"Root user sign-in event {record.EventName}" : $"Failed root user sign-in event {record.EventName}";
        }

        var service = record.EventSource is { } source && source.EndsWith(".amazonaws.com", StringComparison.Ordinal)
            ? source[..^".amazonaws.com".Length] + ":"
            : string.Empty;
        return record.Succeeded
            ? $"Root user API call {service}{record.EventName} {withMfa}"
            : $"Root user API call {service}{record.EventName} {withMfa} failed ({record.ErrorCode})";
    }
}
