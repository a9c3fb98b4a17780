using System.Globalization;
using Auditor.Core.Evidence;
using Auditor.Core.Findings;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>
/// The root user used within the look-back (CIS 1.7). Two kinds of evidence: the credential report's root row says
/// when the root password and access keys were last used; CloudTrail (LookupEvents in every region asked) says what
/// the root user did. Root use shown by either fails the check. CloudTrail evidence a region could not give is named
/// in the finding with the reason; the report still answers. Without the report's root row, CloudTrail alone can
/// show use (FAILED) but not its absence (NOT_AVAILABLE).
/// </summary>
internal sealed class RootActivityCheck : ICheck
{
    /// <summary>How many of the most recent root actions the finding names.</summary>
    public const int MaxRecentActions = 10;

    public CheckMetadata Metadata { get; } = new()
    {
        Id = "root.activity",
        Title = "Root user has not been used recently",
        Severity = Severity.High,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.CredentialReport, EvidenceKinds.RootCloudTrailEvents],
        CisRequirement = "1.7",
        SecurityHubControlId = null,
        Remediation = "Stop using the root user for everyday tasks: use IAM Identity Center or IAM roles with least privilege, keep root credentials locked away with MFA, and investigate every root sign-in or root API call you did not plan (CloudTrail shows what was done).",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html"),
        Types = [FindingTypes.Cis, FindingTypes.UnusualUserBehavior],
        ObservedEvidence = ["auditor/RootCloudTrailReadAt"],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var since = now.AddDays(-settings.RootActivityLookbackDays);
        var trail = CloudTrailEvidence.From(snapshot, since);

        // auditor/EvidenceSource names the credential report whenever it answers; the CloudTrail evidence has its own fields.
        var report = ReportOrNotAvailable(Metadata, snapshot, EvidenceKinds.CredentialReport, out var notAvailable);
        var root = report?.Root;
        if (root is null)
        {
            if (trail.Events.Count > 0)
            {
                // Root use shown by CloudTrail is conclusive even without the report.
                var missing = report is null ? $"the credential report could not be read ({snapshot.Get(EvidenceKinds.CredentialReport).FailureReason})" : "the credential report has no <root_account> row";
                yield return Result(Metadata, ComplianceStatus.Failed, Account(snapshot), $"{trail.Sentence(settings)} Credential report evidence is missing: {missing}.", evidence: trail.Evidence(settings)) with
                {
                    Origin = new EvidenceOrigin(EvidenceFields.CloudTrailSource, snapshot.CollectedAt),
                };
                yield break;
            }

            // No root use shown, and no report to say there was none: not evaluated, with what CloudTrail said.
            var result = notAvailable ?? NotAvailable(Metadata, snapshot, "NoRootRow", "the credential report has no <root_account> row");
            yield return result with
            {
                Description = $"{result.Description.TrimEnd('.')}. {trail.Sentence(settings)}",
                Evidence = trail.Evidence(settings),
            };
            yield break;
        }

        var uses = new (string Credential, DateTimeOffset? LastUsed)[]
        {
            ("password", root.PasswordLastUsed),
            ("access key 1", root.AccessKey1.LastUsedDate),
            ("access key 2", root.AccessKey2.LastUsedDate),
        };
        var recent = uses.Where(u => u.LastUsed >= since).OrderByDescending(u => u.LastUsed).ToList();
        var withEvidence = trail.Evidence(settings);
        withEvidence["auditor/RootPasswordLastUsed"] = Date(root.PasswordLastUsed);
        withEvidence["auditor/RootAccessKey1LastUsed"] = Date(root.AccessKey1.LastUsedDate);
        withEvidence["auditor/RootAccessKey2LastUsed"] = Date(root.AccessKey2.LastUsedDate);
        var reportSentence = recent.Count == 0
            ? $"The root user has not been used in the last {settings.RootActivityLookbackDays} days (password last used {Date(root.PasswordLastUsed)})."
            : $"The root user was used in the last {settings.RootActivityLookbackDays} days: " +
              string.Join("; ", recent.Select(u => $"{u.Credential} last used {Date(u.LastUsed)}")) + ".";
        var used = recent.Count > 0 || trail.Events.Count > 0;
        yield return Result(Metadata, used ? ComplianceStatus.Failed : ComplianceStatus.Passed, Account(snapshot), $"{reportSentence} {trail.Sentence(settings)}", evidence: withEvidence);
    }

    /// <summary>The root events of every region that answered, and the regions that did not, with why.</summary>
    private sealed record CloudTrailEvidence(IReadOnlyList<RootEventRecord> Events, bool Truncated, IReadOnlyList<string> Regions, IReadOnlyList<(string Region, string Reason)> Missing, DateTimeOffset? ReadAt)
    {
        public static CloudTrailEvidence From(AccountSnapshot snapshot, DateTimeOffset since)
        {
            var lookups = snapshot.Get(EvidenceKinds.RootCloudTrailEvents);
            var answered = lookups.Where(r => r.Value.Succeeded).ToList();
            var missing = lookups
                .Where(r => !r.Value.Succeeded)
                .Select(r => (r.Region, $"{r.Value.FailureCode}: {r.Value.FailureReason}"))
                .ToList();
            var events = answered
                .SelectMany(r => r.Value.Value!.Events)
                .Where(e => e.EventTime >= since)
                .DistinctBy(e => e.EventId, StringComparer.Ordinal)
                .OrderByDescending(e => e.EventTime)
                .ToList();
            return new CloudTrailEvidence(
                events,
                answered.Any(r => r.Value.Value!.Truncated),
                answered.Select(r => r.Region).ToList(),
                missing,
                lookups.Count > 0 ? snapshot.CollectedAt : null);
        }

        private string CountText => Truncated
            ? $"at least {Events.Count.ToString(CultureInfo.InvariantCulture)}"
            : Events.Count.ToString(CultureInfo.InvariantCulture);

        public EvidenceMap Evidence(AuditSettings settings)
        {
            var evidence = new EvidenceMap
            {
                ["auditor/LookbackDays"] = Days(settings.RootActivityLookbackDays),
                ["auditor/RootCloudTrailEventCount"] = Regions.Count == 0 ? "unknown" : CountText,
                ["auditor/RootCloudTrailRegions"] = Regions.Count == 0 ? "none" : string.Join(", ", Regions),
            };
            if (ReadAt is { } readAt)
            {
                evidence["auditor/RootCloudTrailReadAt"] = AsffTimestampConverter.ToAsff(readAt);
            }

            if (MissingText is { } missing)
            {
                evidence["auditor/RootCloudTrailMissing"] = missing;
            }

            var n = 0;
            foreach (var e in Events.Take(MaxRecentActions))
            {
                evidence[$"auditor/RootAction{++n}"] = Action(e);
            }

            return evidence;
        }

        /// <summary>What CloudTrail says, in a sentence or two.</summary>
        public string Sentence(AuditSettings settings)
        {
            var sentence = Events.Count switch
            {
                _ when Regions.Count == 0 => string.Empty,
                0 => $"CloudTrail shows no root action in {Regions.Count} region(s) in the last {settings.RootActivityLookbackDays} days.",
                _ => $"CloudTrail shows {CountText} root action(s) in the last {settings.RootActivityLookbackDays} days, the latest {Action(Events[0])}.",
            };
            return MissingText is { } missing
                ? $"{sentence} CloudTrail evidence is missing for {missing}.".TrimStart()
                : sentence;
        }

        private string? MissingText => Regions.Count == 0 && Missing.Count == 0
            ? "every region: not collected by this run"
            : Missing.Count == 0 ? null : string.Join("; ", Missing.Select(m => $"{m.Region} ({m.Reason})"));

        private static string Action(RootEventRecord e)
        {
            var text = $"{e.EventName} at {AsffTimestampConverter.ToAsff(e.EventTime)} in {e.AwsRegion}";
            if (e.SourceIpAddress is { } ip)
            {
                text += $" from {ip}";
            }

            if (e.UserAgent is { } agent)
            {
                text += $" ({agent})";
            }

            if (!e.Succeeded)
            {
                text += $", failed{(e.ErrorCode is null ? string.Empty : $" with {e.ErrorCode}")}";
            }

            return text;
        }
    }
}
