using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Auditor.Function.Tests.EndToEnd;
using Auditor.Testing;
using static Auditor.Function.Tests.EndToEnd.AuditHarness;
using static Auditor.Function.Tests.Faults.FaultRuns;

namespace Auditor.Function.Tests.Faults;

/// <summary>
/// moto's real answers, bent by the proxy into shapes AWS may send (unknown members everywhere, optional members
/// missing, empty first pages with a next token) or should never send (required members missing, a token that never
/// ends, a credential report that is not one): the first change nothing, the second give NOT_AVAILABLE with the
/// reason, never a pass and never a crash.
/// </summary>
[Collection(MotoDefinition.Name)]
public sealed class HostileResponseTests
{
    private const string EmptyPage = "empty-page";

    private readonly MotoServer _moto;

    public HostileResponseTests(MotoServer moto) => _moto = moto;

    [Fact]
    public async Task Unknown_members_missing_optional_members_and_empty_pages_with_a_next_token_change_nothing()
    {
        await ResetAndSeedAsync(_moto);
        await using var proxy = FaultProxy.Start(_moto.Endpoint);
        _ = (await RunAsync(_moto, proxy)).Response;
        var before = await AllFindingsAsync(_moto);
        proxy.ResetCounts();
        proxy
            .Add(new FaultRule("guardduty:ListDetectors", Fault.Rewrite)
            {
                When = r => !r.PathAndQuery.Contains("nextToken", StringComparison.Ordinal),
                Rewrite = (_, a) => a.WithBody($$$"""{"detectorIds":[],"nextToken":"{{{EmptyPage}}}","somethingNew":{"a":[1]}}"""),
            })
            .Add(new FaultRule("guardduty:GetDetector", Fault.Rewrite)
            {
                // Only the required members: no features, no dates, no tags.
                Rewrite = (_, a) => a.WithBody(new JsonObject { ["status"] = JsonNode.Parse(a.Body)!["status"]!.GetValue<string>(), ["serviceRole"] = "arn:aws:iam::123456789012:role/x" }.ToJsonString()),
            })
            .Add(new FaultRule("securityhub:GetFindings", Fault.Rewrite)
            {
                When = r => !r.BodyText.Contains(EmptyPage, StringComparison.Ordinal),
                Rewrite = (_, a) => a.WithBody($$"""{"Findings":[],"NextToken":"{{EmptyPage}}"}"""),
            })
            .Add(new FaultRule("securityhub:GetFindings", Fault.Rewrite)
            {
                RewriteRequest = r => WithoutMember(r.Body, "NextToken"),
                Rewrite = (_, a) => WithUnknownMembers(a),
            })
            .Add(new FaultRule("iam:ListVirtualMFADevices", Fault.Rewrite)
            {
                When = r => !r.BodyText.Contains("Marker=", StringComparison.Ordinal),
                Rewrite = (_, a) => a.WithBody($"<ListVirtualMFADevicesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListVirtualMFADevicesResult><VirtualMFADevices/><IsTruncated>true</IsTruncated><Marker>{EmptyPage}</Marker></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>"),
            })
            .Add(new FaultRule("iam:ListVirtualMFADevices", Fault.Rewrite)
            {
                RewriteRequest = r => Encoding.UTF8.GetBytes(r.BodyText.Replace($"&Marker={EmptyPage}", string.Empty, StringComparison.Ordinal)),
                Rewrite = (_, a) => WithUnknownMembers(a),
            })
            .Add(new FaultRule("securityhub:DescribeHub", Fault.Rewrite) { Rewrite = (_, a) => a.WithBody("""{"Unknown":"member"}""") })
            .Add(new FaultRule("*", Fault.Rewrite) { Rewrite = (_, a) => WithUnknownMembers(a) });

        var response = (await RunAsync(_moto, proxy)).Response;

        var after = await AssertExactlyTheSampleFindingsAsync(_moto);
        Assert.Equal(0, response["created"]!.GetValue<int>());
        Assert.Equal(after.Count, response["updated"]!.GetValue<int>());
        Assert.Equal(0, response["archived"]!.GetValue<int>());
        foreach (var finding in after)
        {
            Assert.Equal(before.Single(f => f.Region == finding.Region && f.FindingId == finding.FindingId).Field("CreatedAt"), finding.Field("CreatedAt"));
        }

        Assert.Equal(2, proxy.CallsTo("guardduty:ListDetectors", "eu-west-1"));
        Assert.Equal(2, proxy.CallsTo("securityhub:GetFindings", "us-east-1"));
        Assert.Equal(2, proxy.CallsTo("iam:ListVirtualMFADevices"));
        Assert.Equal(proxy.Calls.Count, proxy.FaultsInjected());
    }

    [Fact]
    public async Task Replies_that_cannot_be_understood_make_their_scopes_NOT_AVAILABLE_with_the_reason_never_a_pass()
    {
        await ResetAndSeedAsync(_moto);
        var notAReport = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello,world\n1,2\n"));
        await using var proxy = FaultProxy.Start(_moto.Endpoint)
            .Add(new FaultRule("guardduty:ListDetectors", Fault.Canned) { Region = "eu-west-1", Canned = _ => ProxyAnswer.Json(200, """{"detectorIds":null}""") })
            .Add(new FaultRule("guardduty:ListDetectors", Fault.Canned) { Region = "us-east-1", Canned = _ => ProxyAnswer.Json(200, """{"detectorIds":[],"nextToken":"forever"}""") })
            .Add(new FaultRule("iam:GetCredentialReport", Fault.Canned)
            {
                Canned = _ => ProxyAnswer.Xml(200, $"<GetCredentialReportResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetCredentialReportResult><Content>{notAReport}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-25T00:00:00Z</GeneratedTime></GetCredentialReportResult></GetCredentialReportResponse>"),
            });

        var response = (await RunAsync(_moto, proxy)).Response;

        var findings = await AllFindingsAsync(_moto);
        AssertEachOnce(findings);
        // The report's checks lose their users' rows; the users' own policies come from the authorization details.
        var expected = ExpectedSampleTable((check, resource) => resource.StartsWith("user/", StringComparison.Ordinal) && UserReportChecks.Any(c => check.EndsWith(" " + c, StringComparison.Ordinal)) ? "GONE"
                : check.EndsWith("guardduty.enabled", StringComparison.Ordinal) ? "NOT_AVAILABLE"
                : null)
            .Concat(UserReportChecks.Where(SampleTableChecks.Contains).Select(c => Line("us-east-1", c, "account", "NOT_AVAILABLE")))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, CoveredTable(findings));
        string Reason(StoredFinding f) => f.Json["Compliance"]!["StatusReasons"]![0]!["ReasonCode"]!.GetValue<string>();
        Assert.All(findings.Where(f => f.Check == "guardduty.enabled"), f => Assert.Equal("MalformedResponse", Reason(f)));
        Assert.All(findings.Where(f => UserReportChecks.Contains(f.Check)), f => Assert.Equal("MalformedCredentialReport", Reason(f)));
        Assert.Contains("user_creation_time", findings.First(f => f.Check == "iam.user-mfa").Json["Compliance"]!["StatusReasons"]![0]!["Description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, proxy.CallsTo("guardduty:ListDetectors", "us-east-1"));
        Assert.Empty(response["retries"]!.AsObject());
    }

    private static byte[] WithoutMember(byte[] json, string member)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove(member);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Adds members nobody has heard of to a JSON reply (and to each object of its lists), and elements to an XML one.</summary>
    private static ProxyAnswer WithUnknownMembers(ProxyAnswer answer)
    {
        var text = answer.BodyText.TrimStart();
        if (answer.Status != 200 || text.Length == 0)
        {
            return answer;
        }

        if (text[0] == '{')
        {
            var json = JsonNode.Parse(text)!.AsObject();
            foreach (var (_, value) in json.ToList())
            {
                foreach (var item in (value as JsonArray ?? []).OfType<JsonObject>())
                {
                    item["AuditorTestUnknownItem"] = new JsonObject { ["deep"] = new JsonArray(1, "two", null) };
                }
            }

            json["AuditorTestUnknown"] = new JsonArray(new JsonObject { ["x"] = 1 });
            return answer.WithBody(json.ToJsonString());
        }

        if (text[0] == '<')
        {
            var document = XDocument.Parse(text);
            var root = document.Root!;
            root.AddFirst(new XElement(root.Name.Namespace + "AuditorTestUnknown", new XElement(root.Name.Namespace + "Nested", "x")));
            foreach (var result in root.Elements().Where(e => e.Name.LocalName.EndsWith("Result", StringComparison.Ordinal)).ToList())
            {
                result.AddFirst(new XElement(result.Name.Namespace + "AuditorTestUnknown", "y"));
            }

            return answer.WithBody(document.ToString(SaveOptions.DisableFormatting));
        }

        return answer;
    }
}
