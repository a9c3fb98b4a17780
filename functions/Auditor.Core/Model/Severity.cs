namespace Auditor.Core.Model;

/// <summary>The ASFF <c>Severity.Label</c>, ordered from least to most severe.</summary>
public enum Severity
{
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>ASFF wire names for <see cref="Severity"/>.</summary>
public static class SeverityNames
{
    public static string ToAsff(this Severity severity) => severity switch
    {
        Severity.Informational => "INFORMATIONAL",
        Severity.Low => "LOW",
        Severity.Medium => "MEDIUM",
        Severity.High => "HIGH",
        Severity.Critical => "CRITICAL",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    /// <summary>Parses a label case-insensitively; null when it is not one of the five labels.</summary>
    public static Severity? Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "INFORMATIONAL" => Severity.Informational,
        "LOW" => Severity.Low,
        "MEDIUM" => Severity.Medium,
        "HIGH" => Severity.High,
        "CRITICAL" => Severity.Critical,
        _ => null,
    };
}
