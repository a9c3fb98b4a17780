namespace Auditor.Core.Policies;

/// <summary>An IAM policy document as the checks read it: its statements, in order.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>Parses the JSON text of a document (<see cref="PolicyDocumentParser"/>).</summary>
    public static PolicyDocument Parse(string json) => PolicyDocumentParser.Parse(json);
}
