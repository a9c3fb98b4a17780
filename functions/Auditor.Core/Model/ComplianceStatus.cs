namespace Auditor.Core.Model;

/// <summary>The ASFF <c>Compliance.Status</c> of one evaluated (check, resource).</summary>
public enum ComplianceStatus
{
    Passed,
    Warning,
    Failed,
    NotAvailable,
}

/// <summary>ASFF wire names for <see cref="ComplianceStatus"/>.</summary>
public static class ComplianceStatusNames
{
    public static string ToAsff(this ComplianceStatus status) => status switch
    {
        ComplianceStatus.Passed => "PASSED",
        ComplianceStatus.Warning => "WARNING",
        ComplianceStatus.Failed => "FAILED",
        ComplianceStatus.NotAvailable => "NOT_AVAILABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ComplianceStatus? FromAsff(string? value) => value switch
    {
        "PASSED" => ComplianceStatus.Passed,
        "WARNING" => ComplianceStatus.Warning,
        "FAILED" => ComplianceStatus.Failed,
        "NOT_AVAILABLE" => ComplianceStatus.NotAvailable,
        _ => null,
    };
}
