using System.Runtime.CompilerServices;
using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Model;

namespace Auditor.Core.Findings;

/// <summary>
/// Turns a check result into an ASFF finding that passes Security Hub's validation: required fields,
/// FindingProviderFields, and every documented length limit. Timestamps are those of a new finding;
/// <see cref="FindingLifecycle"/> carries over what an existing finding already has.
/// </summary>
public static class FindingFactory
{
    public const int MaxTitle = 256;
    public const int MaxDescription = 1024;
    public const int MaxProductFields = 50;
    public const int MaxProductFieldKey = 128;
    public const int MaxProductFieldValue = 2048;
    public const int MaxResources = 32;
    public const string ProviderName = "Auditor";

    /// <param name="importRegion">The Security Hub region the finding is imported into.</param>
    public static AsffFinding Create(CheckResult result, CheckMetadata metadata, string accountId, string partition, string importRegion, DateTimeOffset now)
    {
        var region = result.Region ?? FindingScope.Global;
        var parts = Parts.GetValue(metadata, static m => new CheckParts(m));
        var severity = Severities[(int)result.Severity];
        return new AsffFinding
        {
            Id = FindingIdentity.For(accountId, region, result.CheckId, result.Resource.Id),
            ProductArn = ProductArn(partition, importRegion, accountId),
            GeneratorId = metadata.Id,
            AwsAccountId = accountId,
            Types = metadata.Types,
            FirstObservedAt = now,
            LastObservedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            Severity = severity,
            Title = Truncate(metadata.Title, MaxTitle),
            Description = Truncate(result.Description, MaxDescription),
            Remediation = parts.Remediation,
            ProductFields = new FindingProductFields(metadata.Id, region, metadata.SecurityHubControlId, result.Evidence),
            Resources = result.RelatedResources.Count == 0 ? [result.Resource] : [result.Resource, .. result.RelatedResources.Take(MaxResources - 1)],
            Compliance = result.StatusReason is { } reason
                ? new AsffCompliance
                {
                    Status = result.Status.ToAsff(),
                    RelatedRequirements = parts.RelatedRequirements,
                    StatusReasons = [reason with { Description = Truncate(reason.Description ?? string.Empty, MaxDescription) }],
                }
                : parts.Compliance[(int)result.Status],
            Workflow = NewWorkflow,
            RecordState = RecordStates.Active,
            FindingProviderFields = parts.ProviderFields[(int)result.Severity],
        };
    }

    // Findings are immutable records, so the parts that depend only on the check (or on the severity) are built once
    // and shared by every finding of that check: a scan of a large account builds hundreds of thousands of findings.
    private static readonly AsffWorkflow NewWorkflow = new("NEW");

    private static readonly AsffSeverity[] Severities =
        Enum.GetValues<Severity>().Select(s => new AsffSeverity(s.ToAsff(), s.ToAsff())).ToArray();

    private static readonly ConditionalWeakTable<CheckMetadata, CheckParts> Parts = new();

    private static ProductArnEntry? _lastProductArn;

    private static string ProductArn(string partition, string region, string accountId)
    {
        var last = _lastProductArn;
        if (last is not null && last.Partition == partition && last.Region == region && last.AccountId == accountId)
        {
            return last.Arn;
        }

        var arn = FindingIdentity.ProductArn(partition, region, accountId);
        _lastProductArn = new ProductArnEntry(partition, region, accountId, arn);
        return arn;
    }

    private sealed record ProductArnEntry(string Partition, string Region, string AccountId, string Arn);

    private sealed class CheckParts(CheckMetadata metadata)
    {
        public AsffRemediation Remediation { get; } =
            new(new AsffRecommendation(Truncate(metadata.Remediation, CheckMetadata.MaxRemediationLength), metadata.RemediationUrl.ToString()));

        public IReadOnlyList<string>? RelatedRequirements { get; } = metadata.RelatedRequirements is { Count: > 0 } requirements ? requirements : null;

        /// <summary>By <see cref="ComplianceStatus"/>: the compliance of every finding without a status reason.</summary>
        public AsffCompliance[] Compliance { get; } = Enum.GetValues<ComplianceStatus>()
            .Select(status => new AsffCompliance { Status = status.ToAsff(), RelatedRequirements = metadata.RelatedRequirements is { Count: > 0 } requirements ? requirements : null })
            .ToArray();

        /// <summary>By <see cref="Severity"/>: the same severity object the finding's own Severity is.</summary>
        public AsffFindingProviderFields[] ProviderFields { get; } =
            Severities.Select(severity => new AsffFindingProviderFields(severity, metadata.Types)).ToArray();
    }

    public static FindingScope ScopeOf(CheckResult result, string accountId) =>
        new(accountId, result.Region ?? FindingScope.Global, result.CheckId);

    /// <summary>The value, or its first <paramref name="max"/> - 1 characters and an ellipsis when it is longer.</summary>
    internal static string Truncate(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
