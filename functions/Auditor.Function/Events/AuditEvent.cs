namespace Auditor.Function.Events;

/// <summary>
/// An audit trigger: the EventBridge scheduled event (everything at the configured defaults) or the on-demand
/// event <c>{"accounts":[…]|"all"?, "regions":[…]?, "checks":[…]?, "dryRun":bool?}</c>.
/// </summary>
public sealed record AuditEvent(bool Scheduled, IReadOnlyList<string>? Accounts, IReadOnlyList<string>? Regions, IReadOnlyList<string>? Checks, bool DryRun)
{
    /// <summary><c>"accounts":"all"</c>: every active account of the organization (organization mode only).</summary>
    public bool AllAccounts { get; init; }

    /// <summary>The EventBridge event's <c>id</c> (scheduled events only): the same for every retry of one delivery.</summary>
    public string? EventId { get; init; }
}
