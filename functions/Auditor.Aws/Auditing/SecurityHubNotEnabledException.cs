namespace Auditor.Aws.Auditing;

/// <summary>Security Hub (CSPM) is not enabled in a region the audit must write to. Nothing was written.</summary>
public sealed class SecurityHubNotEnabledException : Exception
{
    public SecurityHubNotEnabledException(string region, string detail)
        : base($"Security Hub is not enabled in {region} ({detail}). Enable Security Hub CSPM there (console: Security Hub CSPM, Enable; CLI: aws securityhub enable-security-hub --region {region}) or leave {region} out of the audit.")
    {
        Region = region;
    }

    public SecurityHubNotEnabledException()
        : this("unknown", "not enabled")
    {
    }

    public SecurityHubNotEnabledException(string message)
        : base(message)
    {
        Region = "unknown";
    }

    public SecurityHubNotEnabledException(string message, Exception innerException)
        : base(message, innerException)
    {
        Region = "unknown";
    }

    public string Region { get; }
}
