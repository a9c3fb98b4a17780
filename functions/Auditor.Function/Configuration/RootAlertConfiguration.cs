using Auditor.Core.Auditing;

namespace Auditor.Function.Configuration;

/// <summary>The root-alert function's settings from the environment variables template.yaml sets for it.</summary>
public static class RootAlertConfiguration
{
    /// <summary>Every variable the root-alert function reads, for the template consistency test.</summary>
    public static IReadOnlyList<string> Variables { get; } = [AuditorConfiguration.SecurityHubRegion];

    /// <summary>Where root.event findings go: <c>SECURITY_HUB_REGION</c>, or null for the event's own region.</summary>
    public static string? SecurityHubRegion(Func<string, string?> variables)
    {
        var value = variables(AuditorConfiguration.SecurityHubRegion)?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return AwsNames.IsRegion(value)
            ? value
            : throw new ConfigurationException(AuditorConfiguration.SecurityHubRegion, $"'{value}' is not a region name");
    }
}
