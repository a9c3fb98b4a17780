using System.Text.Json;
using System.Text.Json.Nodes;
using Auditor.Core.Findings;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Support;

/// <summary>Small valid ASFF findings for import tests.</summary>
public static class TestFindings
{
    public const string Account = MotoServer.AccountId;

    public static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string OwnProductArn(string region = MotoServer.Region) => FindingIdentity.ProductArn("aws", region, Account);

    public static string Id(string check, string resource, string region = "global") => $"{FindingIdentity.AccountPrefix(Account)}{region}/{check}/{resource}";

    public static AsffFinding Make(string id, string? productArn = null, string compliance = "FAILED", bool withResource = true) => new()
    {
        Id = id,
        ProductArn = productArn ?? OwnProductArn(),
        GeneratorId = "iam.user-mfa",
        AwsAccountId = Account,
        Types = ["Software and Configuration Checks/AWS Security Best Practices"],
        CreatedAt = At,
        UpdatedAt = At,
        FirstObservedAt = At,
        LastObservedAt = At,
        Severity = new AsffSeverity("MEDIUM"),
        Title = "Test finding " + id,
        Description = "A finding written by the Auditor.Aws tests.",
        Resources = withResource ? [new AsffResource { Type = "AwsAccount", Id = $"AWS::::Account:{Account}", Partition = "aws", Region = MotoServer.Region }] : [],
        Compliance = new AsffCompliance { Status = compliance },
    };

    public static List<AsffFinding> Many(int count, string prefix = "bulk") =>
        Enumerable.Range(0, count).Select(i => Make(Id("iam.user-mfa", $"{prefix}-{i:D4}"))).ToList();

    /// <summary>The finding ids in a BatchImportFindings request body.</summary>
    public static IReadOnlyList<string> IdsIn(string importBody) =>
        JsonNode.Parse(importBody)!["Findings"]!.AsArray().Select(f => f!["Id"]!.GetValue<string>()).ToList();

    /// <summary>A BatchImportFindings answer that fails the given ids with the given code.</summary>
    public static FakeReply ImportReply(int total, IReadOnlyList<(string Id, string Code)> failures)
    {
        var failed = new JsonArray(failures.Select(f => (JsonNode)new JsonObject
        {
            ["Id"] = f.Id,
            ["ErrorCode"] = f.Code,
            ["ErrorMessage"] = $"{f.Code} for {f.Id}",
        }).ToArray());
        var body = new JsonObject
        {
            ["FailedCount"] = failures.Count,
            ["SuccessCount"] = total - failures.Count,
            ["FailedFindings"] = failed,
        };
        return FakeReply.Json(body.ToJsonString(new JsonSerializerOptions()));
    }
}
