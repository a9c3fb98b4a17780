using System.Runtime.CompilerServices;
using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Model;

namespace Auditor.Core.Findings;

/// <summary>
/// Turns a check result into an ASFF finding that passes Security Hub's validation: required fields,
/// FindingProviderFields, and every documented length limit. Timestamps are those of a new finding;
/// <see cref="FindingLifecycle"/> carries over what an existing finding already has. Every finding carries its
/// <see cref="FindingFingerprint"/>, which the lifecycle compares with the stored one.
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
        var productFields = new FindingProductFields(metadata.Id, region, metadata.SecurityHubControlId, result.Evidence);
        var finding = new AsffFinding
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
            ProductFields = productFields,
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
        return finding with { ProductFields = productFields.WithFingerprint(FindingFingerprint.Of(finding, metadata.ObservedEvidence)) };
    }

    // Findings are immutable records, so the parts that depend only on the check (or on the severity) are built once
    // and shared by every finding of that check: a scan of a large account builds hundreds of thousands of findings.
    private static readonly AsffWorkflow NewWorkflow = new("NEW");

    private static readonly AsffSeverity[] Severities =
        Enum.GetValues<Severity>().Select(s => new AsffSeverity(s.ToAsff(), s.ToAsff())).ToArray();

    private static readonly ConditionalWeakTable<CheckMetadata, CheckParts> Parts = new();

    // A run imports into one account and a few regions: the product ARN is made once per change of region.
    private static readonly LastValueCache<(string Partition, string Region, string AccountId), string> ProductArns =
        new(static key => FindingIdentity.ProductArn(key.Partition, key.Region, key.AccountId));

    private static string ProductArn(string partition, string region, string accountId) => ProductArns.Get((partition, region, accountId));

    private sealed class CheckParts
    {
        public CheckParts(CheckMetadata metadata)
        {
            Remediation = new(new AsffRecommendation(Truncate(metadata.Remediation, CheckMetadata.MaxRemediationLength), metadata.RemediationUrl.ToString()));
            RelatedRequirements = metadata.RelatedRequirements is { Count: > 0 } requirements ? requirements : null;
            Compliance = Enum.GetValues<ComplianceStatus>()
                .Select(status => new AsffCompliance { Status = status.ToAsff(), RelatedRequirements = RelatedRequirements })
                .ToArray();
            ProviderFields = Severities.Select(severity => new AsffFindingProviderFields(severity, metadata.Types)).ToArray();
        }

        public AsffRemediation Remediation { get; }

        public IReadOnlyList<string>? RelatedRequirements { get; }

        /// <summary>By <see cref="ComplianceStatus"/>: the compliance of every finding without a status reason.</summary>
        public AsffCompliance[] Compliance { get; }

        /// <summary>By <see cref="Severity"/>: the same severity object the finding's own Severity is.</summary>
        public AsffFindingProviderFields[] ProviderFields { get; }
    }

    public static FindingScope ScopeOf(CheckResult result, string accountId) =>
        new(accountId, result.Region ?? FindingScope.Global, result.CheckId);

    /// <summary>The value, or its first <paramref name="max"/> - 1 characters and an ellipsis when it is longer.</summary>
    internal static string Truncate(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
