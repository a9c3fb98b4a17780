namespace Auditor.Core.Model;

/// <summary>
/// One CloudTrail record of the root user, with the fields Auditor reports. It comes from the
/// <c>CloudTrailEvent</c> document of a LookupEvents result or from the <c>detail</c> of an EventBridge
/// "AWS Console Sign In via CloudTrail" / "AWS API Call via CloudTrail" event (the same record).
/// </summary>
public sealed record RootEventRecord
{
    public const string ConsoleLoginEventName = "ConsoleLogin";

    /// <summary>CloudTrail's <c>eventID</c>: unique per event, so the identity of a root.event finding.</summary>
    public required string EventId { get; init; }

    public required string EventName { get; init; }

    public required DateTimeOffset EventTime { get; init; }

    /// <summary>The service, for example <c>signin.amazonaws.com</c> or <c>iam.amazonaws.com</c>.</summary>
    public string? EventSource { get; init; }

    /// <summary><c>AwsConsoleSignIn</c>, <c>AwsApiCall</c>, …</summary>
    public string? EventType { get; init; }

    /// <summary>The region CloudTrail recorded the event in.</summary>
    public required string AwsRegion { get; init; }

    /// <summary>The caller's address as CloudTrail writes it: an IP address, or a service name for calls made through a service.</summary>
    public string? SourceIpAddress { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The account the event belongs to (<c>recipientAccountId</c>, else <c>userIdentity.accountId</c>).</summary>
    public string? AccountId { get; init; }

    public string? PrincipalArn { get; init; }

    /// <summary><c>userIdentity.invokedBy</c>: set when an AWS service acted on the root user's behalf.</summary>
    public string? InvokedBy { get; init; }

    /// <summary><c>responseElements.ConsoleLogin</c> of a sign-in: <c>Success</c> or <c>Failure</c>.</summary>
    public string? ConsoleLoginResult { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>
    /// Whether MFA was used: <c>additionalEventData.MFAUsed</c> of a sign-in,
    /// <c>userIdentity.sessionContext.attributes.mfaAuthenticated</c> of an API call, false for a call signed with a
    /// root access key (which can never carry MFA); null when the record does not say.
    /// </summary>
    public bool? MfaUsed { get; init; }

    public bool IsConsoleSignIn => EventType == "AwsConsoleSignIn" || EventSource == "signin.amazonaws.com";

    public bool IsConsoleLogin => EventName == ConsoleLoginEventName;

    /// <summary>False for a failed sign-in or an API call that answered an error.</summary>
    public bool Succeeded => ErrorCode is null && !string.Equals(ConsoleLoginResult, "Failure", StringComparison.Ordinal);
}

/// <summary>The root user's events of one region within the look-back, newest first; <see cref="Truncated"/> when there were more than were read.</summary>
public sealed record RootEventLookup(IReadOnlyList<RootEventRecord> Events, bool Truncated);
