namespace Auditor.Core.Model;

/// <summary>The account's Shield Advanced subscription as the Shield API reports it.</summary>
/// <param name="Active">True when the subscription state is ACTIVE.</param>
/// <param name="AutoRenew">ENABLED or DISABLED; null when there is no subscription.</param>
public sealed record ShieldSubscription(bool Active, DateTimeOffset? StartTime, DateTimeOffset? EndTime, string? AutoRenew)
{
    public static ShieldSubscription None { get; } = new(false, null, null, null);
}
