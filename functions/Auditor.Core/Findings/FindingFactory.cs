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
        var scope = ScopeOf(result, accountId);
        var severity = new AsffSeverity(result.Severity.ToAsff(), result.Severity.ToAsff());
        var productFields = new Dictionary<string, string>
        {
            [EvidenceFields.ProviderName] = ProviderName,
            [EvidenceFields.CheckId] = metadata.Id,
            [EvidenceFields.Region] = scope.Region,
        };
        if (metadata.SecurityHubControlId is { } control)
        {
            productFields[EvidenceFields.SecurityHubControlId] = control;
        }

        foreach (var (key, value) in result.Evidence)
        {
            if (productFields.Count >= MaxProductFields)
            {
                break;
            }

            if (!key.StartsWith("aws/", StringComparison.Ordinal))
            {
                productFields.TryAdd(Truncate(key, MaxProductFieldKey), Truncate(value, MaxProductFieldValue));
            }
        }

        return new AsffFinding
        {
            Id = FindingIdentity.For(scope, result.Resource.Id),
            ProductArn = FindingIdentity.ProductArn(partition, importRegion, accountId),
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
            Remediation = new AsffRemediation(new AsffRecommendation(Truncate(metadata.Remediation, CheckMetadata.MaxRemediationLength), metadata.RemediationUrl.ToString())),
            ProductFields = productFields,
            Resources = [result.Resource, .. result.RelatedResources.Take(MaxResources - 1)],
            Compliance = new AsffCompliance
            {
                Status = result.Status.ToAsff(),
                RelatedRequirements = metadata.RelatedRequirements.Count == 0 ? null : metadata.RelatedRequirements,
                StatusReasons = result.StatusReason is { } reason ? [reason with { Description = Truncate(reason.Description ?? string.Empty, MaxDescription) }] : null,
            },
            Workflow = new AsffWorkflow("NEW"),
            RecordState = RecordStates.Active,
            FindingProviderFields = new AsffFindingProviderFields(severity, metadata.Types),
        };
    }

    public static FindingScope ScopeOf(CheckResult result, string accountId) =>
        new(accountId, result.Region ?? FindingScope.Global, result.CheckId);

    private static string Truncate(string value, int max) => value.Length <= max ? value : string.Concat(value.AsSpan(0, max - 1), "…");
}
