namespace Auditor.Core.Evidence;

/// <summary>
/// A kind of account data the checks read, named once in <see cref="EvidenceKinds"/>: account-wide, or one value per
/// audited region. A run reads a kind only when a selected check declares it in its metadata
/// (<see cref="Checks.CheckMetadata.Reads"/>), once, through the one reader the AWS adapters register for it.
/// </summary>
public abstract class EvidenceKind
{
    private protected EvidenceKind(string name, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Name = name;
        Description = description;
    }

    /// <summary>A short name for logs and the permissions table, for example <c>CredentialReport</c>.</summary>
    public string Name { get; }

    /// <summary>What the data is and where it comes from, in a phrase.</summary>
    public string Description { get; }

    /// <summary>True when the kind holds one value per audited region.</summary>
    public abstract bool IsRegional { get; }

    public override string ToString() => Name;
}

/// <summary>Account-wide data of type <typeparamref name="T"/>: one value, or why it could not be read.</summary>
public sealed class EvidenceKind<T> : EvidenceKind
    where T : class
{
    public EvidenceKind(string name, string description)
        : base(name, description)
    {
    }

    public override bool IsRegional => false;
}

/// <summary>Data of type <typeparamref name="T"/> read region by region: one value (or why not) per region read.</summary>
public sealed class RegionalEvidenceKind<T> : EvidenceKind
    where T : class
{
    public RegionalEvidenceKind(string name, string description)
        : base(name, description)
    {
    }

    public override bool IsRegional => true;
}

/// <summary>The value of a regional kind in one region, or why it could not be read there.</summary>
public sealed record RegionalEvidence<T>(string Region, Model.Gathered<T> Value)
    where T : class;
