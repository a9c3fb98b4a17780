using Auditor.Aws.Evidence.Readers;
using Auditor.Core.Evidence;

namespace Auditor.Aws.Evidence;

/// <summary>
/// The one table from a kind of evidence to the reader that fetches it. A new kind of evidence is a line here and its
/// reader; a test fails when a kind of <see cref="EvidenceKinds"/> has no reader, or two.
/// </summary>
public static class EvidenceReaders
{
    public static IReadOnlyList<IEvidenceReader> All { get; } =
    [
        new CredentialReportReader(),
        new AccountSummaryReader(),
        new VirtualMfaDevicesReader(),
        new GuardDutyDetectorsReader(),
        new ShieldSubscriptionReader(),
        new RootCloudTrailEventsReader(),
        new RootUsageMonitoringReader(),
        new AuthorizationDetailsReader(),
        new PasswordPolicyReader(),
        new KmsKeysReader(),
        new InspectorStatusReader(),
        new AccessAnalyzersReader(),
        new OrganizationMembershipReader(),
    ];

    private static readonly Dictionary<EvidenceKind, IEvidenceReader> ByKind = All
        .SelectMany(reader => reader.Kinds.Select(kind => (kind, reader)))
        .ToDictionary(entry => entry.kind, entry => entry.reader);

    /// <summary>The reader of <paramref name="kind"/>.</summary>
    public static IEvidenceReader For(EvidenceKind kind) =>
        ByKind.TryGetValue(kind, out var reader) ? reader : throw new InvalidOperationException($"No reader reads the evidence kind {kind}.");

    /// <summary>The readers of the given kinds, each once (a reader that serves two of them is run once).</summary>
    public static IReadOnlyList<IEvidenceReader> For(IEnumerable<EvidenceKind> kinds) => kinds.Select(For).Distinct().ToList();
}
