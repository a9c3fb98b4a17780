using System.Diagnostics.CodeAnalysis;

namespace Auditor.Core.Policies;

/// <summary>An IAM policy document as the checks read it: its statements, in order.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    /// <summary>Parses the JSON text of a document (<see cref="PolicyDocumentParser"/>).</summary>
    public static PolicyDocument Parse(string json) => PolicyDocumentParser.Parse(json);

    /// <summary>Parses the JSON text of a document, or says why it cannot be read (null text included).</summary>
    public static bool TryParse(string? json, [NotNullWhen(true)] out PolicyDocument? document, [NotNullWhen(false)] out string? problem)
    {
        document = null;
        problem = null;
        if (json is null)
        {
            problem = "IAM returned no document";
            return false;
        }

        try
        {
            document = PolicyDocumentParser.Parse(json);
            return true;
        }
        catch (PolicyDocumentFormatException e)
        {
            problem = e.Message;
            return false;
        }
    }
}
