using Auditor.Aws.Http;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Aws.Evidence;

/// <summary>
/// The one reader of a kind of evidence (<see cref="EvidenceReaders"/> maps each kind to its reader). It names the
/// operations it calls, which are the permissions a role needs to read that kind, and reads the kind once per run.
/// </summary>
public interface IEvidenceReader
{
    /// <summary>The kinds this reader fetches (one, but for the credential report, which serves two).</summary>
    IReadOnlyList<EvidenceKind> Kinds { get; }

    /// <summary>Every AWS operation the reader may call.</summary>
    IReadOnlyList<AwsOperation> Operations { get; }

    /// <summary>Reads the kinds and returns how to add them to a snapshot; a failed read is recorded with its reason, never thrown.</summary>
    Task<Func<AccountSnapshot, AccountSnapshot>> ReadAsync(EvidenceReadContext context);
}

/// <summary>A reader of one account-wide kind.</summary>
public abstract class AccountEvidenceReader<T> : IEvidenceReader
    where T : class
{
    protected AccountEvidenceReader(EvidenceKind<T> kind) => Kind = kind;

    public EvidenceKind<T> Kind { get; }

    public IReadOnlyList<EvidenceKind> Kinds => [Kind];

    public abstract IReadOnlyList<AwsOperation> Operations { get; }

    public async Task<Func<AccountSnapshot, AccountSnapshot>> ReadAsync(EvidenceReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = await context.GatherAsync(() => ReadAsync(context, context.Token)).ConfigureAwait(false);
        return snapshot => snapshot.With(Kind, value);
    }

    /// <summary>Reads the value; throwing is how a read fails (the context records the reason).</summary>
    protected abstract Task<T> ReadAsync(EvidenceReadContext context, CancellationToken cancellationToken);
}

/// <summary>A reader of one regional kind: one read per region, side by side, each failing on its own.</summary>
public abstract class RegionalEvidenceReader<T> : IEvidenceReader
    where T : class
{
    protected RegionalEvidenceReader(RegionalEvidenceKind<T> kind) => Kind = kind;

    public RegionalEvidenceKind<T> Kind { get; }

    public IReadOnlyList<EvidenceKind> Kinds => [Kind];

    public abstract IReadOnlyList<AwsOperation> Operations { get; }

    public async Task<Func<AccountSnapshot, AccountSnapshot>> ReadAsync(EvidenceReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var values = await Task.WhenAll(RegionsToRead(context).Select(async region =>
            new RegionalEvidence<T>(region, await context.GatherAsync(() => ReadAsync(context, region, context.Token)).ConfigureAwait(false)))).ConfigureAwait(false);
        return snapshot => snapshot.With(Kind, values);
    }

    /// <summary>The regions to read: the audited regions unless the kind needs others too.</summary>
    protected virtual IEnumerable<string> RegionsToRead(EvidenceReadContext context) => context.Regions;

    protected abstract Task<T> ReadAsync(EvidenceReadContext context, string region, CancellationToken cancellationToken);
}
