using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Auditor.Core.Findings;

/// <summary>
/// When a finding that did not change is imported again anyway. Security Hub deletes an ACTIVE finding 90 days after
/// its last update, so an unchanged finding is refreshed once every <see cref="Days"/> days: each finding has its own
/// refresh day in the cycle, chosen by a stable hash of its id, so the findings an account got on one night are
/// refreshed on different nights. A finding is due when its stored <c>UpdatedAt</c> is older than its last refresh
/// day (midnight UTC), which also catches up a refresh whose night had no run. <see cref="Days"/> 0 imports everything
/// every run.
/// </summary>
public sealed record RefreshPolicy
{
    public const int DefaultDays = 30;

    /// <summary>Far enough from Security Hub's 90 days that a month of missed runs still leaves time.</summary>
    public const int MaxDays = 60;

    public RefreshPolicy(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        Days = days;
    }

    public static RefreshPolicy Default { get; } = new(DefaultDays);

    /// <summary>Every finding imported every run, changed or not (<c>REFRESH_UNCHANGED_DAYS=0</c>).</summary>
    public static RefreshPolicy ImportEverything { get; } = new(0);

    /// <summary>The length of the refresh cycle in days; 0 when unchanged findings are not left out.</summary>
    public int Days { get; }

    public bool SkipsUnchanged => Days > 0;

    /// <summary>The finding's refresh day in the cycle, 0 to <see cref="Days"/> - 1: the same on every run.</summary>
    public int PhaseOf(string findingId)
    {
        ArgumentNullException.ThrowIfNull(findingId);
        if (Days == 0)
        {
            return 0;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(findingId);
        SHA256.HashData(bytes, hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)Days);
    }

    /// <summary>Midnight UTC of the finding's latest refresh day at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastRefreshDay(string findingId, DateTimeOffset now)
    {
        if (Days == 0)
        {
            return now;
        }

        var today = DateOnly.FromDateTime(now.UtcDateTime).DayNumber;
        var sincePhase = ((today - PhaseOf(findingId)) % Days + Days) % Days;
        return new DateTimeOffset(DateOnly.FromDayNumber(today - sincePhase).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <summary>True when an unchanged finding last updated at <paramref name="storedUpdatedAt"/> must be imported again now.</summary>
    public bool IsDue(string findingId, DateTimeOffset? storedUpdatedAt, DateTimeOffset now) =>
        Days == 0 || storedUpdatedAt is not { } updated || updated < LastRefreshDay(findingId, now);
}
