using Auditor.Core.Model;

namespace Auditor.Core.Policies;

/// <summary>
/// One way a role's trust policy lets an outside party in: the statement, whom it lets in, the guard it lacks, and how
/// bad that is. <see cref="ToString"/> is the sentence a finding shows.
/// </summary>
public sealed record TrustExposure(Severity Severity, string Statement, string Principal, string MissingGuard)
{
    public override string ToString() => $"{Statement} lets in {Principal} with {MissingGuard}";
}
