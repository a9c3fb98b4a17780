using Auditor.Core.Evidence;

namespace Auditor.Core.Model;

/// <summary>
/// Everything the checks read about one account, gathered once before any check runs: the evidence of every kind the
/// selected checks declare (<see cref="EvidenceKinds"/>), each value or why it could not be read. A kind the run did
/// not collect reads as <see cref="Gathered{T}.NotCollected"/> (account-wide) or no regions at all (regional).
/// </summary>
public sealed record AccountSnapshot
{
    public required string AccountId { get; init; }

    public string Partition { get; init; } = "aws";

    /// <summary>When the collector finished reading the account: the evidence time of live data.</summary>
    public required DateTimeOffset CollectedAt { get; init; }

    /// <summary>The regions this run audits; regional checks produce one scope per region.</summary>
    public required IReadOnlyList<string> Regions { get; init; }

    /// <summary>
    /// True when the credential report is older than the configured maximum age. Its user rows
    /// (<see cref="EvidenceKinds.IamUsers"/>) have then been confirmed with live IAM calls where it mattered, and where a
    /// live read of this snapshot answers the same question (the IAM account summary for the root user's MFA and access
    /// keys), the live answer wins.
    /// </summary>
    public bool CredentialReportStale { get; init; }

    /// <summary>The kinds this snapshot holds a value for.</summary>
    public IEnumerable<EvidenceKind> Collected => Values.Keys;

    private IReadOnlyDictionary<EvidenceKind, object> Values { get; init; } = new Dictionary<EvidenceKind, object>();

    /// <summary>The account-wide value of <paramref name="kind"/>; <see cref="Gathered{T}.NotCollected"/> when the run did not read it.</summary>
    public Gathered<T> Get<T>(EvidenceKind<T> kind)
        where T : class =>
        Values.TryGetValue(kind, out var value) ? (Gathered<T>)value : Gathered<T>.NotCollected;

    /// <summary>The values of a regional kind, one per region read, in the order read; empty when the run did not read it.</summary>
    public IReadOnlyList<RegionalEvidence<T>> Get<T>(RegionalEvidenceKind<T> kind)
        where T : class =>
        Values.TryGetValue(kind, out var value) ? (IReadOnlyList<RegionalEvidence<T>>)value : [];

    /// <summary>This snapshot with <paramref name="value"/> as the evidence of <paramref name="kind"/>.</summary>
    public AccountSnapshot With<T>(EvidenceKind<T> kind, Gathered<T> value)
        where T : class =>
        WithValue(kind, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>This snapshot with <paramref name="values"/> as the evidence of the regional <paramref name="kind"/>.</summary>
    public AccountSnapshot With<T>(RegionalEvidenceKind<T> kind, IEnumerable<RegionalEvidence<T>> values)
        where T : class =>
        WithValue(kind, (values ?? throw new ArgumentNullException(nameof(values))).ToList());

    private AccountSnapshot WithValue(EvidenceKind kind, object value)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return this with { Values = new Dictionary<EvidenceKind, object>(Values) { [kind] = value } };
    }
}
