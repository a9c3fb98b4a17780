namespace Auditor.Core.CredentialReports;

/// <summary>The credential report cannot be understood; the message names the line and column.</summary>
public sealed class CredentialReportFormatException : Exception
{
    public CredentialReportFormatException(string message)
        : base(message)
    {
    }
}
