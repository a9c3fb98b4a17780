namespace Auditor.Core.Policies;

/// <summary>
/// The <c>Principal</c> (or <c>NotPrincipal</c>) of a statement: <c>"*"</c>, or an object of <c>AWS</c>,
/// <c>Service</c>, <c>Federated</c> and <c>CanonicalUser</c>, each a string or a list (empty when absent).
/// </summary>
public sealed record PolicyPrincipal
{
    /// <summary>True for <c>"Principal": "*"</c>.</summary>
    public bool IsWildcard { get; init; }

    public IReadOnlyList<string> Aws { get; init; } = [];

    public IReadOnlyList<string> Service { get; init; } = [];

    public IReadOnlyList<string> Federated { get; init; } = [];

    public IReadOnlyList<string> CanonicalUser { get; init; } = [];

    /// <summary>True for <c>"*"</c> or <c>{"AWS": "*"}</c>: every principal of every account.</summary>
    public bool IsEveryone => IsWildcard || Aws.Any(a => a == "*");

    public static PolicyPrincipal Everyone { get; } = new() { IsWildcard = true };
}
