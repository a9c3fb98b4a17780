using System.Net;
using System.Text;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using static Auditor.Aws.Tests.Support.CannedAws;

namespace Auditor.Aws.Tests.Hostile;

/// <summary>
/// Replies AWS may send and replies no service should: unknown fields and elements are ignored, missing optional
/// fields are absent, empty pages with a next token are followed, and a reply that cannot be understood (a required
/// member missing, a token that never ends) is a clear MalformedResponse error, never an empty list that reads as
/// "nothing there" and never an endless loop.
/// </summary>
public sealed class ResponseShapeTests
{
    private const string IamNs = "https://iam.amazonaws.com/doc/2010-05-08/";

    [Fact]
    public async Task GuardDuty_empty_pages_with_a_next_token_and_unknown_fields_still_give_every_detector()
    {
        var aws = new CannedAws(r => r.Query switch
        {
            "?maxResults=50" => Json("""{"detectorIds":[],"nextToken":"p2","futureField":{"x":[1,2]}}"""),
            "?maxResults=50&nextToken=p2" => Json("""{"detectorIds":[],"nextToken":"p3"}"""),
            _ => Json("""{"detectorIds":["d1","d2"],"nextToken":null,"another":true}"""),
        });

        var ids = await aws.Factory().GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None);

        Assert.Equal(["d1", "d2"], ids);
        Assert.Equal(3, aws.Requests.Count);
    }

    [Theory]
    [InlineData("""{"nextToken":"p2"}""", "no detectorIds")]
    [InlineData("""{"detectorIds":null}""", "no detectorIds")]
    [InlineData("""{"detectorIds":[],"nextToken":"same"}""", "came back twice")]
    public async Task GuardDuty_replies_that_cannot_be_understood_are_errors_not_an_empty_region(string body, string problem)
    {
        var aws = new CannedAws(_ => Json(body));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory().GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.InRange(aws.Requests.Count, 1, 2);
    }

    [Fact]
    public async Task A_GuardDuty_detector_without_optional_members_reads_and_one_without_its_status_is_an_error()
    {
        var minimal = new CannedAws(_ => Json("""{"status":"ENABLED","serviceRole":"arn","somethingNew":{"a":1}}"""));
        var detector = await minimal.Factory().GuardDuty("eu-west-1").GetDetectorAsync("d1", CancellationToken.None);
        Assert.True(detector.IsEnabled);
        Assert.Empty(detector.Features);

        var partialFeatures = new CannedAws(_ => Json("""{"status":"DISABLED","features":[{"name":"S3_DATA_EVENTS"},{"status":"ENABLED"},{"name":"DNS_LOGS","status":"ENABLED","additionalConfiguration":[]}]}"""));
        var features = (await partialFeatures.Factory().GuardDuty("eu-west-1").GetDetectorAsync("d1", CancellationToken.None)).Features;
        Assert.Equal(["S3_DATA_EVENTS=UNKNOWN", "DNS_LOGS=ENABLED"], features.Select(f => $"{f.Name}={f.Status}"));

        var statusless = new CannedAws(_ => Json("""{"features":[]}"""));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => statusless.Factory().GuardDuty("eu-west-1").GetDetectorAsync("d1", CancellationToken.None));
        Assert.Contains("no status", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Security_Hub_empty_pages_with_a_NextToken_are_followed_and_unknown_or_missing_optional_fields_do_not_matter()
    {
        var aws = new CannedAws(r => r.Body.Contains("\"NextToken\":\"p2\"", StringComparison.Ordinal)
            ? Json($$"""{"Findings":[{{Finding("auditor/123456789012/global/iam.user-mfa/x", extra: ",\"BrandNewMember\":{\"deep\":[1]},\"Sample\":true")}}]}""")
            : r.Body.Contains("\"NextToken\":\"p3\"", StringComparison.Ordinal)
                ? Json("""{"Findings":[],"NextToken":"p2"}""")
                : Json("""{"Findings":[],"NextToken":"p3","Unknown":1}"""));

        var findings = await aws.Factory().SecurityHub("us-east-1").GetFindingsAsync(
            new Dictionary<string, IReadOnlyList<StringFilter>> { ["Id"] = [StringFilter.Prefix("auditor/123456789012/")] },
            CancellationToken.None);

        var finding = Assert.Single(findings);
        Assert.Equal("auditor/123456789012/global/iam.user-mfa/x", finding.Id);
        Assert.Null(finding.Compliance);
        Assert.Null(finding.ProductFields);
        Assert.Equal(3, aws.Requests.Count);
    }

    [Theory]
    [InlineData("""{"NextToken":"p2"}""", "no Findings array")]
    [InlineData("""{"Findings":{}}""", "no Findings array")]
    [InlineData("""[]""", "no Findings array")]
    [InlineData("""{"Findings":[],"NextToken":"again"}""", "came back twice")]
    [InlineData("""{"Findings":[{"Id":"auditor/123456789012/x"}]}""", "MalformedResponse")]
    public async Task Security_Hub_pages_that_cannot_be_understood_are_errors_so_nothing_is_imported_on_a_wrong_basis(string body, string problem)
    {
        var aws = new CannedAws(_ => Json(body));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory().SecurityHub("us-east-1").GetFindingsAsync(
            new Dictionary<string, IReadOnlyList<StringFilter>> { ["Id"] = [StringFilter.Prefix("auditor/")] },
            CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IAM_empty_pages_with_a_marker_are_followed_and_unknown_elements_and_missing_optional_members_do_not_matter()
    {
        var aws = new CannedAws(r => r.Body.Contains("Marker=m2", StringComparison.Ordinal)
            ? Xml($"""
                <ListVirtualMFADevicesResponse xmlns="{IamNs}"><ListVirtualMFADevicesResult><VirtualMFADevices>
                  <member><SerialNumber>arn:aws:iam::123456789012:mfa/root-account-mfa-device</SerialNumber><User><Arn>arn:aws:iam::123456789012:root</Arn></User><Tags/></member>
                  <member><SerialNumber>arn:aws:iam::123456789012:mfa/unassigned</SerialNumber><Future>yes</Future></member>
                </VirtualMFADevices><IsTruncated>false</IsTruncated></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>
                """)
            : Xml($"""<ListVirtualMFADevicesResponse xmlns="{IamNs}"><ListVirtualMFADevicesResult><VirtualMFADevices/><IsTruncated>true</IsTruncated><Marker>m2</Marker><NewThing/></ListVirtualMFADevicesResult></ListVirtualMFADevicesResponse>"""));

        var devices = await aws.Factory().Iam().ListVirtualMFADevicesAsync(CancellationToken.None);

        Assert.Equal(2, devices.Count);
        Assert.True(devices[0].IsAssignedToRoot);
        Assert.Null(devices[1].UserArn);
        Assert.Null(devices[1].EnableDate);
    }

    [Theory]
    [InlineData("<ListVirtualMFADevicesResult><IsTruncated>false</IsTruncated></ListVirtualMFADevicesResult>", "no VirtualMFADevices list")]
    [InlineData("<ListVirtualMFADevicesResult><VirtualMFADevices/><IsTruncated>true</IsTruncated></ListVirtualMFADevicesResult>", "no Marker")]
    [InlineData("<ListVirtualMFADevicesResult><VirtualMFADevices/><IsTruncated>true</IsTruncated><Marker>same</Marker></ListVirtualMFADevicesResult>", "came back twice")]
    public async Task An_unreadable_MFA_device_list_is_an_error_never_no_virtual_device(string result, string problem)
    {
        var aws = new CannedAws(_ => Xml($"<ListVirtualMFADevicesResponse xmlns=\"{IamNs}\">{result}</ListVirtualMFADevicesResponse>"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory().Iam().ListVirtualMFADevicesAsync(CancellationToken.None));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("iam", "<GetAccountSummaryResponse><GetAccountSummaryResult/></GetAccountSummaryResponse>", "no SummaryMap")]
    [InlineData("ec2", "<DescribeRegionsResponse><requestId>r</requestId></DescribeRegionsResponse>", "no regionInfo")]
    [InlineData("ec2", "<DescribeRegionsResponse><regionInfo/></DescribeRegionsResponse>", "no enabled region")]
    [InlineData("credential-report", "<GetCredentialReportResponse><GetCredentialReportResult><Content>%%%not base64%%%</Content><GeneratedTime>2026-11-25T00:00:00Z</GeneratedTime></GetCredentialReportResult></GetCredentialReportResponse>", "not Base64")]
    [InlineData("credential-report", "<GetCredentialReportResponse><GetCredentialReportResult><GeneratedTime>2026-11-25T00:00:00Z</GeneratedTime></GetCredentialReportResult></GetCredentialReportResponse>", "no Content")]
    [InlineData("sts", "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>12345</Account></GetCallerIdentityResult></GetCallerIdentityResponse>", "not a 12-digit account id")]
    [InlineData("sts", "<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>", "not a 12-digit account id")]
    public async Task Query_replies_missing_what_the_audit_needs_are_MalformedResponse_errors(string call, string xml, string problem)
    {
        var aws = new CannedAws(_ => Xml(xml));
        var clients = aws.Factory();

        Func<Task> act = call switch
        {
            "iam" => () => clients.Iam().GetAccountSummaryAsync(CancellationToken.None),
            "ec2" => () => clients.Ec2("us-east-1").DescribeRegionsAsync(CancellationToken.None),
            "credential-report" => () => clients.Iam().GetCredentialReportAsync(CancellationToken.None),
            _ => () => clients.Sts().GetCallerIdentityAccountAsync(CancellationToken.None),
        };
        var error = await Assert.ThrowsAsync<AwsServiceException>(act);

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task A_credential_report_with_a_byte_order_mark_and_unknown_reply_elements_reads()
    {
        var csv = "\uFEFFuser,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n"
            + "zoë,arn:aws:iam::123456789012:user/zoë,2026-01-01T00:00:00+00:00,true,N/A,false,false,N/A,N/A,false,N/A,N/A\n";
        var content = Convert.ToBase64String(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.TrimStart('\uFEFF'))).ToArray());
        var aws = new CannedAws(r => r.Body.Contains("Action=GenerateCredentialReport", StringComparison.Ordinal)
            ? Xml($"<GenerateCredentialReportResponse xmlns=\"{IamNs}\"><GenerateCredentialReportResult><State>COMPLETE</State><Description>ok</Description></GenerateCredentialReportResult></GenerateCredentialReportResponse>")
            : Xml($"<GetCredentialReportResponse xmlns=\"{IamNs}\"><GetCredentialReportResult><Content>{content}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-25T00:00:00Z</GeneratedTime><Extra/></GetCredentialReportResult></GetCredentialReportResponse>"));

        var report = await aws.Factory().Iam().GetCompleteCredentialReportAsync(CancellationToken.None);

        Assert.Equal("zoë", Assert.Single(report.Users).User);
    }

    [Fact]
    public async Task A_Shield_state_reply_without_its_state_is_not_read_as_no_subscription_the_fallback_answers()
    {
        var aws = new CannedAws(r => r.Target!.EndsWith("GetSubscriptionState", StringComparison.Ordinal)
            ? Json("""{"Unexpected":"shape"}""")
            : Json("""{"Subscription":{"StartTime":1764000000,"EndTime":4102444800,"AutoRenew":"ENABLED","TimeCommitmentInSeconds":31536000,"NewField":[1]}}"""));

        var subscription = await aws.Factory().Shield().GetSubscriptionAsync(CancellationToken.None);

        Assert.True(subscription.Active);
        Assert.Equal("ENABLED", subscription.AutoRenew);
    }

    [Fact]
    public async Task A_byte_order_mark_before_a_JSON_or_XML_reply_is_ignored()
    {
        var json = new CannedAws(_ => Json("\uFEFF{\"detectorIds\":[\"d1\"]}"));
        var xml = new CannedAws(_ => Xml("\uFEFF<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap/></GetAccountSummaryResult></GetAccountSummaryResponse>"));

        Assert.Equal(["d1"], await json.Factory().GuardDuty("eu-west-1").ListDetectorsAsync(CancellationToken.None));
        Assert.False((await xml.Factory().Iam().GetAccountSummaryAsync(CancellationToken.None)).AccountMfaEnabled);
        Assert.Single(json.Requests);
    }

    [Fact]
    public async Task An_HTML_page_in_place_of_a_reply_is_retried_and_then_an_error_never_data()
    {
        var aws = new CannedAws(_ => Answer(HttpStatusCode.OK, "<html><body><h1>Captive portal</h1>", "text/html"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Factory().Iam().GetAccountSummaryAsync(CancellationToken.None));

        Assert.Equal("IncompleteResponse", error.ErrorCode);
        Assert.Equal(Options.MaxRetryAttempts + 1, aws.Requests.Count);
    }

    private static string Finding(string id, string extra = "") =>
        $$"""{"SchemaVersion":"2018-10-08","Id":"{{id}}","ProductArn":"arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default","GeneratorId":"iam.user-mfa","AwsAccountId":"123456789012","CreatedAt":"2026-11-01T00:00:00.000Z","UpdatedAt":"2026-11-01T00:00:00.000Z","Severity":{"Label":"MEDIUM"},"Title":"t","Description":"d","Resources":[{"Type":"AwsIamUser","Id":"arn"}]{{extra}}}""";
}
