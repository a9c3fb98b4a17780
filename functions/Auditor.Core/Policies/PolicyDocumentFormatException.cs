namespace Auditor.Core.Policies;

/// <summary>A policy document Auditor cannot understand; the message names the part and the problem.</summary>
public sealed class PolicyDocumentFormatException : Exception
{
    public PolicyDocumentFormatException()
    {
    }

    public PolicyDocumentFormatException(string message)
        : base(message)
    {
    }

    public PolicyDocumentFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
