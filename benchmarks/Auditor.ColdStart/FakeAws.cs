using System.Globalization;
using System.Text;
using System.Text.Json;
using Auditor.Testing;

namespace Auditor.ColdStart;

/// <summary>
/// A canned AWS endpoint on loopback for an audit: STS, EC2, IAM (query protocol), GuardDuty and Security Hub
/// (rest-json) and Shield (json 1.1) answer at once with fixed, realistic replies, so the measurement holds the function's own
/// cost and not an emulator's. Anything else is a 400 the function would report.
/// </summary>
public sealed class FakeAws : IAsyncDisposable
{
    private static readonly string[] EnabledRegions = ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

    public const string AccountId = "123456789012";
    private const string DetectorId = "12abc34d567e8fa901bc2d34e56789f0";
    private readonly LoopbackHttpServer _server;
    private readonly string _reportBase64;
    private int _requests;

    public FakeAws(int users)
    {
        _reportBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(CredentialReport(users)));
        _server = LoopbackHttpServer.Start((request, _) => Task.FromResult(Answer(request)));
    }

    public Uri Endpoint => _server.BaseAddress;

    public int Requests => Volatile.Read(ref _requests);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        Interlocked.Increment(ref _requests);
        var body = request.BodyText;
        var target = request.Header("X-Amz-Target");
        var action = request.Method == "POST" && target is null ? FormValue(body, "Action") : null;
        var path = request.Path;
        var (status, contentType, reply) = (action, target, request.Method, path) switch
        {
            ("GetCallerIdentity", _, _, _) => Xml("GetCallerIdentity", "https://sts.amazonaws.com/doc/2011-06-15/",
                $"<Arn>arn:aws:iam::{AccountId}:user/auditor</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>{AccountId}</Account>"),
            ("DescribeRegions", _, _, _) => (200, "text/xml", "<DescribeRegionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><regionInfo>"
                + string.Concat(EnabledRegions.Select(r =>
                    $"<item><regionName>{r}</regionName><regionEndpoint>ec2.{r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>"))
                + "</regionInfo></DescribeRegionsResponse>"),
            ("GenerateCredentialReport", _, _, _) => Xml("GenerateCredentialReport", IamNamespace, "<State>COMPLETE</State><Description>No report exists. Starting a new report generation task</Description>"),
            ("GetCredentialReport", _, _, _) => Xml("GetCredentialReport", IamNamespace,
                $"<Content>{_reportBase64}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>{DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}</GeneratedTime>"),
            ("GetAccountSummary", _, _, _) => Xml("GetAccountSummary", IamNamespace, "<SummaryMap>"
                + "<entry><key>AccountMFAEnabled</key><value>1</value></entry><entry><key>AccountAccessKeysPresent</key><value>0</value></entry>"
                + "<entry><key>Users</key><value>25</value></entry></SummaryMap>"),
            ("ListVirtualMFADevices", _, _, _) => Xml("ListVirtualMFADevices", IamNamespace, "<VirtualMFADevices/><IsTruncated>false</IsTruncated>"),
            (_, "AWSShield_20160616.GetSubscriptionState", _, _) => (200, "application/x-amz-json-1.1", "{\"SubscriptionState\":\"INACTIVE\"}"),
            (_, "AWSShield_20160616.DescribeSubscription", _, _) => (400, "application/x-amz-json-1.1",
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The subscription does not exist.\"}"),
            // Security Hub, for a run that imports: enabled, nothing stored yet, every import accepted.
            (_, _, "GET", "/accounts") => (200, "application/json", $"{{\"HubArn\":\"arn:aws:securityhub:us-east-1:{AccountId}:hub/default\",\"AutoEnableControls\":true}}"),
            (_, _, "POST", "/findings") => (200, "application/json", "{\"Findings\":[]}"),
            (_, _, "POST", "/findings/import") => (200, "application/json", $"{{\"FailedCount\":0,\"SuccessCount\":{FindingCount(body)},\"FailedFindings\":[]}}"),
            (_, _, "GET", "/detector") => (200, "application/json", $"{{\"detectorIds\":[\"{DetectorId}\"]}}"),
            (_, _, "GET", "/detector/" + DetectorId) => (200, "application/json",
                "{\"status\":\"ENABLED\",\"features\":[{\"name\":\"CLOUD_TRAIL\",\"status\":\"ENABLED\"},{\"name\":\"S3_DATA_EVENTS\",\"status\":\"ENABLED\"}]}"),
            _ => (400, "application/json", $"{{\"__type\":\"UnknownOperationException\",\"message\":\"the cold-start fake does not know {request.Method} {path} {action ?? target}\"}}"),
        };

        return LoopbackResponse.Text(status, contentType, reply, new KeyValuePair<string, string>("x-amzn-RequestId", Guid.NewGuid().ToString()));
    }

    /// <summary>How many findings a BatchImportFindings body holds: the writer counts an import whose numbers do not add up as unconfirmed.</summary>
    private static int FindingCount(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("Findings").GetArrayLength();
    }

    private const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static (int, string, string) Xml(string action, string ns, string result) =>
        (200, "text/xml", $"<{action}Response xmlns=\"{ns}\"><{action}Result>{result}</{action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>");

    private static string? FormValue(string form, string name)
    {
        foreach (var pair in form.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.UnescapeDataString(pair[..equals]) == name)
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    /// <summary>A report as IAM writes it: the root row and <paramref name="users"/> users in a realistic mix.</summary>
    private static string CredentialReport(int users)
    {
        var now = DateTimeOffset.UtcNow;
        string Date(int daysAgo) => now.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        var csv = new StringBuilder(
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n");
        csv.Append(CultureInfo.InvariantCulture, $"<root_account>,arn:aws:iam::{AccountId}:root,{Date(2000)},not_supported,{Date(40)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        for (var i = 0; i < users; i++)
        {
            var password = i % 3 != 0;
            var key = i % 4 != 0;
            csv.Append(CultureInfo.InvariantCulture, $"user-{i:D4},arn:aws:iam::{AccountId}:user/team-{i % 5}/user-{i:D4},{Date(400 + i)},")
                .Append(password ? $"true,{Date(i % 60)},{Date(300)},N/A,{(i % 5 == 0 ? "false" : "true")}," : "false,N/A,N/A,N/A,false,")
                .Append(key ? $"true,{Date(30 + (i * 7 % 200))},{Date(i % 90)},us-east-1,s3," : "false,N/A,N/A,N/A,N/A,")
                .Append(i % 10 == 0 ? $"true,{Date(5)},N/A,N/A,N/A," : "false,N/A,N/A,N/A,N/A,")
                .Append("false,N/A,false,N/A\n");
        }

        return csv.ToString();
    }
}
