using Auditor.Core.Checks;
using Auditor.Core.CloudTrail;
using Auditor.Core.Evaluation;
using Auditor.Core.Model;

namespace Auditor.Core.Findings;

/// <summary>
/// The near-real-time finding for one root event (GeneratorId <c>root.event</c>): identified by the CloudTrail event
/// id, so the same event delivered twice is the same finding; rated by <see cref="RootEventSeverity"/>; the event's
/// details in <c>ProductFields</c> and in the account resource's <c>Details.Other</c>. These findings are not the
/// result of a check: the audit never archives them by scope, only once they are older than the retention.
/// </summary>
public static class RootEventFindings
{
    public const string GeneratorId = "root.event";
    public const string EvidenceSource = "cloudtrail-eventbridge";
    public const int MaxOtherValue = 1024;

    public const string Remediation = "Confirm with the account owners that this root use was planned. If it was not: reset the root password, delete any root access keys, require a FIDO or hardware MFA device, review in CloudTrail everything the root user did, and move everyday work to IAM Identity Center or roles.";

    public static readonly Uri RemediationUrl = new("https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html");

    public static bool IsRootEvent(AsffFinding finding) => string.Equals(finding.GeneratorId, GeneratorId, StringComparison.Ordinal);

    /// <summary>The finding id of an event: <c>auditor/{account}/{event region}/root.event/{eventID}</c>.</summary>
    public static string IdOf(string accountId, RootEventRecord record) =>
        FindingIdentity.For(new FindingScope(accountId, record.AwsRegion, GeneratorId), record.EventId);

    /// <param name="importRegion">The Security Hub region the finding is imported into.</param>
    public static AsffFinding Create(RootEventRecord record, string accountId, string partition, string importRegion, DateTimeOffset now)
    {
        var severity = RootEventSeverity.Of(record);
        var label = new AsffSeverity(severity.ToAsff(), severity.ToAsff());
        var types = TypesOf(record);
        var mfa = record.MfaUsed switch { true => "Yes", false => "No", null => "unknown" };
        var details = new Dictionary<string, string?>
        {
            ["eventId"] = record.EventId,
            ["eventName"] = record.EventName,
            ["eventTime"] = AsffTimestampConverter.ToAsff(record.EventTime),
            ["eventSource"] = record.EventSource,
            ["eventType"] = record.EventType,
            ["awsRegion"] = record.AwsRegion,
            ["sourceIPAddress"] = record.SourceIpAddress,
            ["userAgent"] = record.UserAgent,
            ["mfaUsed"] = mfa,
            ["consoleLogin"] = record.ConsoleLoginResult,
            ["errorCode"] = record.ErrorCode,
            ["errorMessage"] = record.ErrorMessage,
            ["invokedBy"] = record.InvokedBy,
            ["principalArn"] = record.PrincipalArn,
        };

        var productFields = new Dictionary<string, string>
        {
            [EvidenceFields.ProviderName] = FindingFactory.ProviderName,
            [EvidenceFields.CheckId] = GeneratorId,
            [EvidenceFields.Region] = record.AwsRegion,
            [EvidenceFields.Source] = EvidenceSource,
            [EvidenceFields.Time] = AsffTimestampConverter.ToAsff(record.EventTime),
        };
        foreach (var (key, value) in details)
        {
            if (value is not null)
            {
                productFields["auditor/" + char.ToUpperInvariant(key[0]) + key[1..]] = Truncate(value, FindingFactory.MaxProductFieldValue);
            }
        }

        return new AsffFinding
        {
            Id = IdOf(accountId, record),
            ProductArn = FindingIdentity.ProductArn(partition, importRegion, accountId),
            GeneratorId = GeneratorId,
            AwsAccountId = accountId,
            Types = types,
            FirstObservedAt = record.EventTime,
            LastObservedAt = record.EventTime,
            CreatedAt = now,
            UpdatedAt = now,
            Severity = label,
            Title = Truncate(RootEventSeverity.Describe(record), FindingFactory.MaxTitle),
            Description = Truncate(DescriptionOf(record, mfa), FindingFactory.MaxDescription),
            Remediation = new AsffRemediation(new AsffRecommendation(Remediation, RemediationUrl.ToString())),
            ProductFields = productFields,
            Resources =
            [
                new AsffResource
                {
                    Type = "AwsAccount",
                    Id = $"AWS::::Account:{accountId}",
                    Partition = partition,
                    Region = record.AwsRegion,
                    Details = new AsffResourceDetails
                    {
                        Other = details.Where(d => d.Value is not null).ToDictionary(d => d.Key, d => Truncate(d.Value!, MaxOtherValue)),
                    },
                },
            ],
            Workflow = new AsffWorkflow("NEW"),
            RecordState = RecordStates.Active,
            FindingProviderFields = new AsffFindingProviderFields(label, types),
        };
    }

    /// <summary>TTPs for a console sign-in (Initial Access when it worked, Credential Access when it failed), Unusual Behaviors for everything.</summary>
    public static IReadOnlyList<string> TypesOf(RootEventRecord record) => record switch
    {
        { IsConsoleSignIn: true, IsConsoleLogin: true, Succeeded: true } => [FindingTypes.RootConsoleSignIn, FindingTypes.RootSignInActivity],
        { IsConsoleSignIn: true, IsConsoleLogin: true } => [FindingTypes.RootConsoleSignInFailure, FindingTypes.RootSignInActivity],
        { IsConsoleSignIn: true } => [FindingTypes.RootSignInActivity],
        _ => [FindingTypes.RootApiCall],
    };

    private static string DescriptionOf(RootEventRecord record, string mfa)
    {
        var what = record switch
        {
            { IsConsoleSignIn: true, IsConsoleLogin: true, Succeeded: true } => $"The root user signed in to the AWS Management Console (MFA used: {mfa})",
            { IsConsoleSignIn: true, IsConsoleLogin: true } => $"A console sign-in as the root user failed ({record.ErrorMessage ?? "Failure"})",
            { IsConsoleSignIn: true } => $"Root user sign-in event {record.EventName} ({(record.Succeeded ? "succeeded" : "failed")}, MFA used: {mfa})",
            _ => $"The root user called {record.EventSource ?? "AWS"} {record.EventName} (MFA used: {mfa}{(record.Succeeded ? string.Empty : $", answered {record.ErrorCode}")})",
        };
        var from = record.SourceIpAddress is null ? string.Empty : $" from {record.SourceIpAddress}";
        var agent = record.UserAgent is null ? string.Empty : $" with user agent {record.UserAgent}";
        return $"{what} at {AsffTimestampConverter.ToAsff(record.EventTime)} in {record.AwsRegion}{from}{agent}. CloudTrail event id {record.EventId}. " +
               "Root use should be rare and planned: confirm who did this and why.";
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
