using Auditor.Core.Checks;
using Auditor.Core.Evaluation;
using Auditor.Core.Findings;
using Auditor.Core.Model;

namespace Auditor.Core.Tests.Support;

/// <summary>Findings as the factory makes them, and as a previous run left them in Security Hub.</summary>
public static class TestFindings
{
    public const string ImportRegion = "us-east-1";

    public static AsffFinding ForUser(string checkId, string user, ComplianceStatus status, string account = Snapshots.AccountId)
    {
        var check = CheckCatalog.Find(checkId)!;
        var result = new CheckResult
        {
            CheckId = check.Metadata.Id,
            Status = status,
            Severity = check.Metadata.Severity,
            Resource = new AsffResource
            {
                Type = "AwsIamUser",
                Id = $"arn:aws:iam::{account}:user/{user}",
                Partition = "aws",
                Details = new AsffResourceDetails { AwsIamUser = new AwsIamUserDetails { UserName = user } },
            },
            Description = $"IAM user {user}: {status}.",
        };
        return FindingFactory.Create(result, check.Metadata, account, "aws", ImportRegion, TestClock.Now);
    }

    public static AsffFinding ForRegion(string checkId, string region, ComplianceStatus status, string account = Snapshots.AccountId)
    {
        var check = CheckCatalog.Find(checkId)!;
        var result = new CheckResult
        {
            CheckId = check.Metadata.Id,
            Region = region,
            Status = status,
            Severity = check.Metadata.Severity,
            Resource = new AsffResource { Type = "AwsAccount", Id = $"AWS::::Account:{account}", Partition = "aws", Region = region },
            Description = $"{checkId} in {region}: {status}.",
        };
        return FindingFactory.Create(result, check.Metadata, account, "aws", region, TestClock.Now);
    }

    /// <summary>The finding as a previous run left it: a day older, workflow NEW.</summary>
    public static AsffFinding Stored(AsffFinding finding, string? recordState = null) => finding with
    {
        CreatedAt = TestClock.DaysAgo(30),
        FirstObservedAt = TestClock.DaysAgo(30),
        UpdatedAt = TestClock.DaysAgo(1),
        LastObservedAt = TestClock.DaysAgo(1),
        Workflow = new AsffWorkflow("NEW"),
        RecordState = recordState ?? RecordStates.Active,
        Region = finding.ProductFields?.GetValueOrDefault(EvidenceFields.Region) is { } r && r != FindingScope.Global ? r : ImportRegion,
    };
}
