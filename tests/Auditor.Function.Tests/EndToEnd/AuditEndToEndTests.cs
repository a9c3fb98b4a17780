using System.Text.Json.Nodes;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>
/// The audit function end to end on moto, through the path <c>scripts/invoke</c> takes, with the findings read
/// back from Security Hub by boto3: what a security team would see after each run.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class AuditEndToEndTests
{
    private readonly MotoServer _moto;

    public AuditEndToEndTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task An_audit_of_two_regions_writes_exactly_the_expected_result_per_check_and_resource()
    {
        await ResetAndSeedAsync(_moto);

        var response = (await InvokeAsync(_moto, BothRegions)).Response;

        var findings = await AllFindingsAsync(_moto);
        Assert.Equal(ExpectedSampleTable(), CoveredTable(findings));
        Assert.DoesNotContain(findings, f => f.State != "ACTIVE");
        Assert.All(Auditor.Core.Checks.CheckCatalog.Ids.Except(SampleTableChecks), id => Assert.Contains(findings, f => f.Check == id));

        Assert.Equal(Account, response["accountId"]!.GetValue<string>());
        Assert.Equal(["us-east-1", "eu-west-1"], response["regions"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("us-east-1", response["securityHubRegion"]!.GetValue<string>());
        Assert.False(response["dryRun"]!.GetValue<bool>());
        Assert.Equal(findings.Count, response["findings"]!.GetValue<int>());
        Assert.Equal(findings.Count, response["created"]!.GetValue<int>());
        Assert.Equal(findings.Count, response["imported"]!.GetValue<int>());
        Assert.Equal(0, response["archived"]!.GetValue<int>());
        Assert.Empty(response["importFailures"]!.AsArray());
        Assert.Null(response["dryRunFindings"]);
        Assert.Equal(
            findings.GroupBy(f => f.ComplianceStatus).ToDictionary(g => g.Key, g => g.Count()),
            response["byStatus"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>()));
    }

    [Fact]
    public async Task Every_call_of_an_audit_is_an_operation_the_audit_function_declares_and_its_role_grants()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;

        // The second run reads the stored findings back and updates them (REFRESH_UNCHANGED_DAYS=0 imports even the
        // unchanged ones): every stage calls what it would in production.
        var response = (await InvokeAsync(_moto, BothRegions, extraVariables: new Dictionary<string, string> { ["REFRESH_UNCHANGED_DAYS"] = "0" })).Response;

        var declared = Auditor.Function.Functions.FunctionTable.Find("audit")!.Operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
        var called = response["apiCallsByOperation"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("securityhub:BatchImportFindings", called);
        Assert.Contains("iam:GetCredentialReport", called);
        Assert.All(called, call => Assert.Contains(call, declared));
    }

    [Fact]
    public async Task Every_finding_read_back_is_complete_ASFF_and_lives_in_the_right_region()
    {
        await ResetAndSeedAsync(_moto);

        _ = (await InvokeAsync(_moto, BothRegions)).Response;

        var findings = await AllFindingsAsync(_moto);
        Assert.Equal(ExpectedSampleTable().Count + findings.Count(f => !SampleTableChecks.Contains(f.Check)), findings.Count);
        foreach (var finding in findings)
        {
            AssertAsff(finding.Json, finding.Region);
        }

        // GuardDuty is regional: each region's result is in that region's Security Hub, about that region.
        var guardDuty = findings.Where(f => f.Check == "guardduty.enabled").ToList();
        Assert.Equal(["eu-west-1", "us-east-1"], guardDuty.Select(f => f.Region).Order(StringComparer.Ordinal));
        Assert.All(guardDuty, f =>
        {
            Assert.Equal(f.Region, f.Json["Resources"]![0]!["Region"]!.GetValue<string>());
            Assert.StartsWith($"auditor/{Account}/{f.Region}/guardduty.enabled/", f.FindingId, StringComparison.Ordinal);
        });
        var euDetector = guardDuty.Single(f => f.Region == "eu-west-1").Json["Resources"]!.AsArray()
            .Single(r => r!["Type"]!.GetValue<string>() == "AwsGuardDutyDetector")!;
        Assert.StartsWith($"arn:aws:guardduty:eu-west-1:{Account}:detector/", euDetector["Id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("DISABLED", euDetector["Details"]!["AwsGuardDutyDetector"]!["Status"]!.GetValue<string>());

        // Every regional check's results are in the Security Hub of the region they are about.
        var regional = Auditor.Core.Checks.CheckCatalog.All
            .Where(c => c.Metadata.Scope == Auditor.Core.Checks.CheckScope.Regional)
            .Select(c => c.Metadata.Id)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(findings.Where(f => regional.Contains(f.Check)), f =>
            Assert.StartsWith($"auditor/{Account}/{f.Region}/{f.Check}/", f.FindingId, StringComparison.Ordinal));

        // Account-global results (IAM, root, Shield) go to the one Security Hub region, us-east-1, as "global".
        Assert.All(findings.Where(f => !regional.Contains(f.Check)), f =>
        {
            Assert.Equal("us-east-1", f.Region);
            Assert.StartsWith($"auditor/{Account}/global/{f.Check}/", f.FindingId, StringComparison.Ordinal);
        });
        Assert.All(findings.Where(f => f.Region == "eu-west-1"), f => Assert.Contains(f.Check, regional));

        // moto's credential report has no <root_account> row: root.activity says so instead of guessing.
        var rootActivity = findings.Single(f => f.Check == "root.activity");
        Assert.Equal("NOT_AVAILABLE", rootActivity.ComplianceStatus);
        Assert.Equal("NoRootRow", rootActivity.Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>());
        Assert.Equal("INFORMATIONAL", rootActivity.Json["Severity"]!["Label"]!.GetValue<string>());

        // Failed results carry the check's severity; passed ones are informational.
        Assert.Equal("MEDIUM", findings.Single(f => f.Check == "iam.user-mfa" && f.ComplianceStatus == "FAILED").Json["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal("HIGH", findings.Single(f => f.Check == "guardduty.enabled" && f.ComplianceStatus == "FAILED").Json["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal("CRITICAL", findings.Single(f => f.Check == "root.mfa").Json["Severity"]!["Label"]!.GetValue<string>());
        Assert.All(findings.Where(f => f.ComplianceStatus == "PASSED"), f => Assert.Equal("INFORMATIONAL", f.Json["Severity"]!["Label"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_rerun_updates_the_same_findings_keeping_CreatedAt_and_advancing_UpdatedAt()
    {
        // REFRESH_UNCHANGED_DAYS=0 imports every finding every run (the default leaves unchanged ones out: see
        // UnchangedFindingsEndToEndTests), so every finding goes through the update path here.
        var importEverything = new Dictionary<string, string> { ["REFRESH_UNCHANGED_DAYS"] = "0" };
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions, extraVariables: importEverything)).Response;
        var first = await AllFindingsAsync(_moto);

        var response = (await InvokeAsync(_moto, BothRegions, extraVariables: importEverything)).Response;

        var second = await AllFindingsAsync(_moto);
        Assert.Equal(Counts(first), Counts(second));
        Assert.Equal(ActiveTable(first), ActiveTable(second));
        Assert.Equal(second.Count, second.Select(f => (f.Region, f.FindingId)).Distinct().Count());
        Assert.Equal(0, response["created"]!.GetValue<int>());
        Assert.Equal(first.Count, response["updated"]!.GetValue<int>());
        var before = first.ToDictionary(f => (f.Region, f.FindingId));
        foreach (var after in second)
        {
            var old = before[(after.Region, after.FindingId)];
            Assert.Equal(old.Field("CreatedAt"), after.Field("CreatedAt"));
            Assert.Equal(old.Field("FirstObservedAt"), after.Field("FirstObservedAt"));
            Assert.True(DateTimeOffset.Parse(after.Field("UpdatedAt"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(old.Field("UpdatedAt"), System.Globalization.CultureInfo.InvariantCulture), $"{after.FindingId}: UpdatedAt {old.Field("UpdatedAt")} -> {after.Field("UpdatedAt")}");
            Assert.True(DateTimeOffset.Parse(after.Field("LastObservedAt"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(old.Field("LastObservedAt"), System.Globalization.CultureInfo.InvariantCulture), $"{after.FindingId}: LastObservedAt {old.Field("LastObservedAt")} -> {after.Field("LastObservedAt")}");
        }
    }

    [Fact]
    public async Task Remediated_problems_turn_their_findings_PASSED()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var before = await AllFindingsAsync(_moto);

        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });
        var detector = (await _moto.CallAsync("guardduty", "list_detectors", region: "eu-west-1"))!["DetectorIds"]![0]!.GetValue<string>();
        await _moto.CallAsync("guardduty", "update_detector", new JsonObject { ["DetectorId"] = detector, ["Enable"] = true }, "eu-west-1");
        _ = (await InvokeAsync(_moto, BothRegions)).Response;

        var after = await AllFindingsAsync(_moto);
        Assert.Equal(
            ExpectedSampleTable((check, resource) => (check, resource) switch
            {
                ("us-east-1 iam.user-mfa", "user/console-no-mfa") => "PASSED",
                ("eu-west-1 guardduty.enabled", _) => "PASSED",
                _ => null,
            }),
            CoveredTable(after));

        // The same findings changed state: same ids, nothing new, the fixed ones now informational.
        Assert.Equal(before.Select(f => f.FindingId).Order(StringComparer.Ordinal), after.Select(f => f.FindingId).Order(StringComparer.Ordinal));
        var mfa = after.Single(f => f.Check == "iam.user-mfa" && f.Resource == UserArnPrefix + "console-no-mfa");
        Assert.Equal("INFORMATIONAL", mfa.Json["Severity"]!["Label"]!.GetValue<string>());
        Assert.Equal(before.Single(f => f.FindingId == mfa.FindingId).Field("CreatedAt"), mfa.Field("CreatedAt"));
    }

    [Fact]
    public async Task A_deleted_users_findings_are_archived_and_nothing_else_is()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var before = await AllFindingsAsync(_moto);

        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "stale-key" });
        var response = (await InvokeAsync(_moto, BothRegions)).Response;

        var after = await AllFindingsAsync(_moto);
        Assert.Equal(before.Count, after.Count);
        var archived = after.Where(f => f.State == "ARCHIVED").Select(f => f.Line).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                Line("us-east-1", "iam.access-key-rotation", "user/stale-key", "FAILED"),
                Line("us-east-1", "iam.single-active-key", "user/stale-key", "PASSED"),
                Line("us-east-1", "iam.unused-credentials", "user/stale-key", "FAILED"),
                Line("us-east-1", "iam.user-direct-policies", "user/stale-key", "PASSED"),
            ],
            archived);
        Assert.Equal(ExpectedSampleTable((_, resource) => resource == "user/stale-key" ? "GONE" : null), CoveredTable(after));
        Assert.Equal(4, response["archived"]!.GetValue<int>());
        Assert.All(after.Where(f => f.State == "ARCHIVED"), f => AssertAsff(f.Json, f.Region));
    }

    [Fact]
    public async Task A_run_of_one_check_in_one_region_never_archives_other_checks_or_regions()
    {
        await ResetAndSeedAsync(_moto);
        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var before = await AllFindingsAsync(_moto);

        // console-no-mfa has findings of four checks; only iam.user-mfa is evaluated below.
        await _moto.CallAsync("iam", "delete_user_fully", new JsonObject { ["UserName"] = "console-no-mfa" });
        var response = (await InvokeAsync(_moto, """{"regions":["us-east-1"],"checks":["iam.user-mfa"]}""")).Response;

        Assert.Equal(["iam.user-mfa"], response["checks"]!.AsArray().Select(c => c!.GetValue<string>()));
        var after = await AllFindingsAsync(_moto);
        Assert.Equal(before.Count, after.Count);
        var archived = Assert.Single(after, f => f.State == "ARCHIVED");
        Assert.Equal(Line("us-east-1", "iam.user-mfa", "user/console-no-mfa", "FAILED"), archived.Line);

        // Every finding outside the evaluated scope is exactly as the first run left it.
        var untouched = before.Where(f => f.Check != "iam.user-mfa").ToList();
        Assert.Equal(before.Count - before.Count(f => f.Check == "iam.user-mfa"), untouched.Count);
        Assert.NotEmpty(untouched);
        foreach (var old in untouched)
        {
            var now = after.Single(f => f.Region == old.Region && f.FindingId == old.FindingId);
            Assert.True(JsonNode.DeepEquals(old.Json, now.Json), $"{old.Line} changed:\n{JsonText.Indented(old.Json)}\n->\n{JsonText.Indented(now.Json)}");
        }

        Assert.All(after.Where(f => f.Region == "eu-west-1"), f => Assert.Equal("ACTIVE", f.State));
        var othersOfTheUser = after.Where(f => f.Resource == UserArnPrefix + "console-no-mfa" && f.Check != "iam.user-mfa").ToList();
        Assert.Equal(before.Count(f => f.Resource == UserArnPrefix + "console-no-mfa" && f.Check != "iam.user-mfa"), othersOfTheUser.Count);
        Assert.NotEmpty(othersOfTheUser);
        Assert.All(othersOfTheUser, f => Assert.Equal("ACTIVE", f.State));
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_answers_with_the_findings_it_would_write()
    {
        await ResetAndSeedAsync(_moto);
        var fresh = (await InvokeAsync(_moto, """{"regions":["us-east-1","eu-west-1"],"dryRun":true}""")).Response;
        Assert.Empty(await AllFindingsAsync(_moto));
        var planned = fresh["dryRunFindings"]!.AsArray().Count;

        _ = (await InvokeAsync(_moto, BothRegions)).Response;
        var stored = await AllFindingsAsync(_moto);
        Assert.Equal(stored.Count, planned);
        await _moto.CallAsync("iam", "enable_virtual_mfa", new JsonObject { ["UserName"] = "console-no-mfa" });

        var response = (await InvokeAsync(_moto, """{"dryRun":true}""")).Response;

        var after = await AllFindingsAsync(_moto);
        Assert.Equal(stored.Count, after.Count);
        foreach (var old in stored)
        {
            Assert.True(JsonNode.DeepEquals(old.Json, after.Single(f => f.Region == old.Region && f.FindingId == old.FindingId).Json), $"the dry run changed {old.Line}");
        }

        Assert.True(response["dryRun"]!.GetValue<bool>());
        Assert.Equal(0, response["imported"]!.GetValue<int>());
        var regions = response["regions"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Contains("us-east-1", regions);
        Assert.Contains("eu-west-1", regions);
        Assert.True(regions.Count > 2, "a dry run without regions audits every enabled region: " + string.Join(",", regions));
        var dryRunFindings = response["dryRunFindings"]!.AsArray().Select(f => f!.AsObject()).ToList();
        Assert.Equal(response["findings"]!.GetValue<int>(), dryRunFindings.Count);
        var mfa = dryRunFindings.Single(f => f["GeneratorId"]!.GetValue<string>() == "iam.user-mfa" && f["Resources"]![0]!["Id"]!.GetValue<string>() == UserArnPrefix + "console-no-mfa");
        Assert.Equal("PASSED", mfa["Compliance"]!["Status"]!.GetValue<string>());
        Assert.Equal(regions.Count, dryRunFindings.Count(f => f["GeneratorId"]!.GetValue<string>() == "guardduty.enabled"));
        foreach (var finding in dryRunFindings)
        {
            var productArn = finding["ProductArn"]!.GetValue<string>();
            AssertAsff(finding, productArn.Split(':')[3]);
        }
    }

    [Theory]
    [InlineData("""{"regions":["mars-north-1"]}""", "InvalidEvent", "regions[0]")]
    [InlineData("""{"regions":["not a region"]}""", "InvalidEvent", "regions[0]")]
    [InlineData("""{"regions":["us-east-1","zz-north-9"]}""", "InvalidRequest", "regions")]
    [InlineData("""{"regions":["us-east-1"],"region":"eu-west-1"}""", "InvalidEvent", "region")]
    [InlineData("""{"checks":["iam.user-mfa","iam.root-mfa"]}""", "InvalidEvent", "checks[1]")]
    [InlineData("""{"accounts":["210987654321"]}""", "InvalidRequest", "accounts")]
    [InlineData("""{"regions":["us-east-1"],""", "InvalidEvent", "event")]
    public async Task A_bad_request_is_answered_with_an_error_naming_the_field_and_writes_nothing(string eventJson, string errorType, string field)
    {
        await ResetAndSeedAsync(_moto);

        var error = (await InvokeAsync(_moto, eventJson)).Error;

        Assert.Equal(errorType, error.ErrorType);
        Assert.StartsWith(field + ": ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(error.StackTrace);
        Assert.Empty(await AllFindingsAsync(_moto));
    }

    [Fact]
    public async Task A_region_that_is_well_formed_but_not_enabled_is_named_in_the_error()
    {
        await ResetAndSeedAsync(_moto);

        var error = (await InvokeAsync(_moto, """{"regions":["eu-west-1","zz-north-9"]}""")).Error;

        Assert.Contains("zz-north-9", error.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("eu-west-1 is", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["us-east-1"]""", "eu-west-1", "us-east-1")]
    [InlineData("""["eu-west-1"]""", "us-east-1", "eu-west-1")]
    public async Task Security_Hub_not_enabled_in_one_region_skips_it_writes_the_others_and_then_fails_naming_it(string hubRegions, string missing, string written)
    {
        await _moto.ResetAsync();
        await _moto.SeedAsync(SampleWorld.Replace("""["us-east-1", "eu-west-1"]""", hubRegions, StringComparison.Ordinal));

        var run = await InvokeAsync(_moto, BothRegions);

        var error = run.Error;
        Assert.Equal("SecurityHubNotEnabled", error.ErrorType);
        Assert.StartsWith($"Security Hub is not enabled in {missing} ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Every other region was audited and written", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(error.StackTrace);
        var summary = JsonNode.Parse(error.ErrorMessage[(error.ErrorMessage.IndexOf("Summary: ", StringComparison.Ordinal) + "Summary: ".Length)..])!;
        Assert.Equal([missing], summary["securityHubNotEnabled"]!.AsArray().Select(r => r!.GetValue<string>()));

        // The other region holds its findings (the account-global ones too when it is the hub region).
        var findings = (await _moto.FindingsAsync(written)).Select(f => new StoredFinding(written, f)).ToList();
        Assert.NotEmpty(findings);
        Assert.Equal(summary["imported"]!.GetValue<int>(), findings.Count);
        Assert.Equal(written == "us-east-1", findings.Any(f => f.Check == "iam.user-mfa"));

        // Enable it now, only to be able to read: nothing was written there.
        await _moto.CallAsync("securityhub", "enable_security_hub", new JsonObject { ["EnableDefaultStandards"] = false }, missing);
        Assert.Empty(await _moto.FindingsAsync(missing));
    }

    [Fact]
    public async Task A_region_whose_Security_Hub_is_turned_off_keeps_its_stored_findings_while_the_others_are_updated()
    {
        await ResetAndSeedAsync(_moto);
        Assert.True((await InvokeAsync(_moto, BothRegions)).Result.Succeeded);
        var before = await _moto.FindingsAsync("eu-west-1");
        Assert.NotEmpty(before);

        // eu-west-1 now answers DescribeHub as a region without Security Hub does.
        await using var proxy = FaultProxy.Start(_moto.Endpoint).Add(new FaultRule("securityhub:DescribeHub", Fault.Canned)
        {
            Region = "eu-west-1",
            Canned = _ => ProxyAnswer.Json(401, """{"Code":"InvalidAccessException","Message":"Account 123456789012 is not subscribed to AWS Security Hub"}""", KeyValuePair.Create("X-Amzn-ErrorType", "InvalidAccessException")),
        });
        var run = await InvokeAsync(_moto, BothRegions, extraVariables: new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = proxy.EndpointUrl });

        Assert.Equal("SecurityHubNotEnabled", run.Error.ErrorType);
        Assert.Contains("is not subscribed to AWS Security Hub", run.Error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, proxy.CallsTo("securityhub:GetFindings", "eu-west-1") + proxy.CallsTo("securityhub:BatchImportFindings", "eu-west-1"));
        Assert.True(proxy.CallsTo("securityhub:BatchImportFindings", "us-east-1") > 0);
        Assert.Equal(before.Select(f => f.ToJsonString()).Order(StringComparer.Ordinal), (await _moto.FindingsAsync("eu-west-1")).Select(f => f.ToJsonString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Security_Hub_enabled_nowhere_the_run_writes_is_an_error_before_anything_is_read()
    {
        await _moto.ResetAsync();
        await _moto.SeedAsync(SampleWorld.Replace("""["us-east-1", "eu-west-1"]""", "[]", StringComparison.Ordinal));

        var error = (await InvokeAsync(_moto, BothRegions)).Error;

        Assert.Equal("SecurityHubNotEnabled", error.ErrorType);
        Assert.StartsWith("Security Hub is not enabled in eu-west-1, us-east-1 ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Summary", error.ErrorMessage, StringComparison.Ordinal);
    }
}
