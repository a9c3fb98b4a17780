namespace Auditor.Aws.SecurityHub;

public sealed record BatchImportFindingsResponse(int FailedCount, int SuccessCount, IReadOnlyList<ImportFindingsError>? FailedFindings);

/// <summary>One entry of <c>FailedFindings</c>.</summary>
public sealed record ImportFindingsError(string? Id, string? ErrorCode, string? ErrorMessage);

/// <summary>GetFindings request; <c>Filters</c> maps an <c>AwsSecurityFindingFilters</c> member to string filters.</summary>
public sealed record GetFindingsRequest(IReadOnlyDictionary<string, IReadOnlyList<StringFilter>> Filters, int MaxResults, string? NextToken);

/// <summary>An ASFF string filter: <c>Comparison</c> is EQUALS or PREFIX here.</summary>
public sealed record StringFilter(string Value, string Comparison)
{
    public static StringFilter EqualTo(string value) => new(value, "EQUALS");

    public static StringFilter Prefix(string value) => new(value, "PREFIX");

    public bool Matches(string? candidate) => candidate is not null && Comparison switch
    {
        "EQUALS" => string.Equals(candidate, Value, StringComparison.Ordinal),
        "PREFIX" => candidate.StartsWith(Value, StringComparison.Ordinal),
        "NOT_EQUALS" => !string.Equals(candidate, Value, StringComparison.Ordinal),
        _ => true,
    };
}

public sealed record DescribeHubResponse(string? HubArn, string? SubscribedAt);

/// <summary>BatchUpdateFindings request: the findings, their new workflow status and the note that says why.</summary>
public sealed record BatchUpdateFindingsRequest(IReadOnlyList<FindingIdentifier> FindingIdentifiers, BatchUpdateWorkflow Workflow, BatchUpdateNote Note);

public sealed record FindingIdentifier(string Id, string ProductArn);

public sealed record BatchUpdateWorkflow(string Status);

public sealed record BatchUpdateNote(string Text, string UpdatedBy);

public sealed record BatchUpdateFindingsResponse(IReadOnlyList<FindingIdentifier>? ProcessedFindings, IReadOnlyList<UnprocessedFinding>? UnprocessedFindings);

/// <summary>One entry of <c>UnprocessedFindings</c>.</summary>
public sealed record UnprocessedFinding(FindingIdentifier? FindingIdentifier, string? ErrorCode, string? ErrorMessage);
