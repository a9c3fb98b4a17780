using Auditor.Core.Evidence;
using Auditor.Core.Model;
using static Auditor.Core.Checks.CheckResults;

namespace Auditor.Core.Checks;

/// <summary>The account has an active Shield Advanced subscription that renews itself (no CIS or Security Hub control).</summary>
internal sealed class ShieldAdvancedCheck : ICheck
{
    public CheckMetadata Metadata { get; } = new()
    {
        Id = "shield.advanced",
        Title = "Shield Advanced subscription is active and renews automatically",
        Severity = AuditSettings.DefaultShieldSeverity,
        Scope = CheckScope.Global,
        Reads = [EvidenceKinds.ShieldSubscription],
        CisRequirement = null,
        SecurityHubControlId = null,
        Remediation = "Subscribe to Shield Advanced (AWS WAF & Shield console, Shield, Subscribe) for accounts with internet-facing resources that need DDoS response support and cost protection, then add protections for those resources and keep auto-renew enabled.",
        RemediationUrl = new Uri("https://docs.aws.amazon.com/waf/latest/developerguide/enable-ddos-prem.html"),
        Types = [FindingTypes.BestPractices],
    };

    public IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now)
    {
        var shield = snapshot.Get(EvidenceKinds.ShieldSubscription);
        if (!shield.Succeeded)
        {
            yield return NotAvailable(Metadata, snapshot, shield.FailureCode!, $"the Shield Advanced subscription could not be read: {shield.FailureReason}");
            yield break;
        }

        var subscription = shield.Value!;
        var evidence = new EvidenceMap
        {
            ["auditor/SubscriptionState"] = subscription.Active ? "ACTIVE" : "INACTIVE",
            ["auditor/AutoRenew"] = subscription.AutoRenew ?? "none",
            ["auditor/SubscriptionEndTime"] = Date(subscription.EndTime),
        };
        if (!subscription.Active)
        {
            yield return Result(Metadata with { Severity = settings.ShieldSeverity }, ComplianceStatus.Failed, Account(snapshot), "The account has no active Shield Advanced subscription.", evidence: evidence);
        }
        else if (!string.Equals(subscription.AutoRenew, "ENABLED", StringComparison.Ordinal))
        {
            yield return Result(Metadata, ComplianceStatus.Warning, Account(snapshot), $"Shield Advanced is active but does not renew automatically; it ends {Date(subscription.EndTime)}.", evidence: evidence);
        }
        else
        {
            yield return Result(Metadata, ComplianceStatus.Passed, Account(snapshot), "Shield Advanced is active and renews automatically.", evidence: evidence);
        }
    }
}
