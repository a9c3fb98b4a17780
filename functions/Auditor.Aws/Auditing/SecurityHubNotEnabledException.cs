namespace Auditor.Aws.Auditing;

/// <summary>Security Hub (CSPM) is not enabled in a region the audit must write to. Nothing was written.</summary>
public sealed class SecurityHubNotEnabledException : Exception
{
    public SecurityHubNotEnabledException(string region, string detail)
        : base($"Security Hub is not enabled in {region} ({detail}). Enable Security Hub CSPM there (console: Security Hub CSPM, Enable; CLI: aws securityhub enable-security-hub --region {region}) or leave {region} out of the audit.")
    {
        Region = region;
    }

    public string Region { get; }
}
