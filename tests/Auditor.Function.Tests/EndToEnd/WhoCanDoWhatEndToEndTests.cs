using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// The lifecycle of the checks that read the authorization details, against moto: a deleted role's finding is archived
/// and nothing else; a walk of GetAccountAuthorizationDetails that is denied keeps every stored finding of those checks,
/// archives nothing, and reports the scopes.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class WhoCanDoWhatEndToEndTests(MotoServer moto)
{
    private static readonly string[] AuthorizationChecks = ["iam.admin-policies", "iam.user-direct-policies", "iam.role-external-trust", "iam.support-role"];

    [Fact]
    public async Task A_deleted_roles_finding_is_archived_and_nothing_else_is()
    {
        await ResetAndSeedAsync(moto);
        _ = (await InvokeAsync(moto, BothRegions)).Response;
        var before = await AllFindingsAsync(moto);

        await moto.CallAsync("iam", "delete_role", new JsonObject { ["RoleName"] = "vendor-audit" });
        var response = (await InvokeAsync(moto, BothRegions)).Response;

        var after = await AllFindingsAsync(moto);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(
            [Line("us-east-1", "iam.role-external-trust", "role/vendor-audit", "FAILED")],
            after.Where(f => f.State == "ARCHIVED").Select(f => f.Line));
        Assert.Equal(ExpectedSampleTable((_, resource) => resource == "role/vendor-audit" ? "GONE" : null), CoveredTable(after));
        Assert.Equal(1, response["archived"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_denied_walk_keeps_every_stored_finding_of_its_checks_and_reports_the_scopes()
    {
        await ResetAndSeedAsync(moto);
        await using var proxy = FaultProxy.Start(moto.Endpoint);
        _ = (await RunAsync(moto, proxy)).Response;
        var before = await AllFindingsAsync(moto);
        proxy.Add(new FaultRule("iam:GetAccountAuthorizationDetails", Fault.AccessDenied));

        var response = (await RunAsync(moto, proxy)).Response;

        var after = await AllFindingsAsync(moto);
        AssertEachOnce(after);
        Assert.DoesNotContain(after, f => f.State == "ARCHIVED");
        // What was stored stays as it was; each check adds one NOT_AVAILABLE finding on the account, with the reason
        // (iam.support-role's one finding is on the account, so it is that finding that turns NOT_AVAILABLE).
        Assert.Equal(
            ExpectedSampleTable((check, _) => check == "us-east-1 iam.support-role" ? "NOT_AVAILABLE" : null)
                .Concat(AuthorizationChecks.Where(c => c != "iam.support-role").Select(c => Line("us-east-1", c, "account", "NOT_AVAILABLE")))
                .Order(StringComparer.Ordinal),
            CoveredTable(after));
        var unavailable = after.Where(f => AuthorizationChecks.Contains(f.Check) && f.Line.EndsWith("NOT_AVAILABLE", StringComparison.Ordinal)).ToList();
        Assert.Equal(AuthorizationChecks.Order(StringComparer.Ordinal), unavailable.Select(f => f.Check).Order(StringComparer.Ordinal));
        Assert.All(unavailable, f => Assert.Equal("AccessDenied", f.Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>()));
        foreach (var finding in before.Where(f => AuthorizationChecks.Contains(f.Check) && f.Check != "iam.support-role"))
        {
            Assert.Equal(finding.Line, Assert.Single(after, f => f.FindingId == finding.FindingId).Line);
        }

        Assert.Equal(
            AuthorizationChecks.Order(StringComparer.Ordinal),
            // (moto's credential report has no root row, and moto has no IAM Access Analyzer: root.activity and
            // accessanalyzer.enabled are never evaluated there.)
            response["notEvaluated"]!.AsArray().Select(s => s!["check"]!.GetValue<string>()).Where(c => c is not "root.activity" and not "accessanalyzer.enabled").Order(StringComparer.Ordinal));
        // One call in the clean run, one denied and not retried.
        Assert.Equal(2, proxy.CallsTo("iam:GetAccountAuthorizationDetails"));
    }
}
