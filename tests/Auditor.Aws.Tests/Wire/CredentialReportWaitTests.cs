using System.Text;
using Auditor.Aws.Http;
using Auditor.Aws.Iam;
using Auditor.Aws.Tests.Support;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// Waiting out a credential report. A loopback fake answers: moto completes a report on the second
/// GenerateCredentialReport and never answers ReportInProgress or ReportExpired, nor a report with a root row.
/// </summary>
public sealed class CredentialReportWaitTests
{
    private const string Csv = """
        user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
        <root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,2025-02-27T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
        dave,arn:aws:iam::123456789012:user/dave,2021-05-05T05:05:05+00:00,true,no_information,2021-05-05T05:05:05+00:00,N/A,false,true,2021-05-05T05:05:05+00:00,2025-01-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A

        """;

    private static FakeReply Generate(string state) => FakeReply.IamResult("GenerateCredentialReport", $"<State>{state}</State><Description>state {state}</Description>");

    private static FakeReply Report() => FakeReply.IamResult(
        "GetCredentialReport",
        $"<Content>{Convert.ToBase64String(Encoding.UTF8.GetBytes(Csv))}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2025-03-01T11:58:00Z</GeneratedTime>");

    private static IamClient Iam(AwsClientFactory clients, TimeSpan? waitLimit = null) =>
        new(clients.Sender(AwsService.Iam, "us-east-1"))
        {
            ReportPollInterval = TimeSpan.FromMilliseconds(5),
            ReportWaitLimit = waitLimit ?? TimeSpan.FromSeconds(30),
        };

    /// <summary>Answers by action, each action from its own script (the last entry repeats).</summary>
    private static Func<FakeRequest, FakeReply> ByAction(FakeReply[] generate, FakeReply[] get)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        return request =>
        {
            lock (counts)
            {
                var n = counts[request.Action!] = counts.GetValueOrDefault(request.Action!) + 1;
                var script = request.Action == "GenerateCredentialReport" ? generate : get;
                return script[Math.Min(n - 1, script.Length - 1)];
            }
        };
    }

    [Fact]
    public async Task A_report_in_progress_is_waited_out_including_ReportInProgress_from_GetCredentialReport()
    {
        using var fake = new FakeAws();
        fake.Respond(ByAction(
            [Generate("STARTED"), Generate("INPROGRESS"), Generate("COMPLETE")],
            [FakeReply.QueryError(404, "ReportInProgress", "Report generation is in progress."), Report()]));

        var report = await Iam(TestClients.ForFake(fake)).GetCompleteCredentialReportAsync(CancellationToken.None);

        var actions = fake.Requests.Select(r => r.Action).ToList();
        Assert.Equal(
            ["GenerateCredentialReport", "GenerateCredentialReport", "GenerateCredentialReport", "GetCredentialReport", "GenerateCredentialReport", "GetCredentialReport"],
            actions);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 11, 58, 0, TimeSpan.Zero), report.GeneratedTime);

        // The real report's root row, which moto's report lacks.
        Assert.NotNull(report.Root);
        Assert.True(report.Root.MfaActive);
        Assert.Equal(new DateTimeOffset(2025, 2, 27, 10, 0, 0, TimeSpan.Zero), report.Root.PasswordLastUsed);
        Assert.False(report.Root.AccessKey1.Active);
        var dave = Assert.Single(report.Users);
        Assert.Equal("dave", dave.User);
        Assert.Null(dave.PasswordLastUsed);
        Assert.Equal("us-east-1", dave.AccessKey1.LastUsedRegion);
        Assert.Equal("s3", dave.AccessKey1.LastUsedService);
    }

    [Fact]
    public async Task An_expired_report_is_generated_again()
    {
        using var fake = new FakeAws();
        fake.Respond(ByAction(
            [Generate("COMPLETE")],
            [FakeReply.QueryError(410, "ReportExpired", "The report is older than 4 hours."), Report()]));

        var report = await Iam(TestClients.ForFake(fake)).GetCompleteCredentialReportAsync(CancellationToken.None);

        Assert.Equal(
            ["GenerateCredentialReport", "GetCredentialReport", "GenerateCredentialReport", "GetCredentialReport"],
            fake.Requests.Select(r => r.Action));
        Assert.Single(report.Users);
    }

    [Fact]
    public async Task A_report_that_never_completes_is_ReportNotReady_after_the_wait_limit()
    {
        using var fake = new FakeAws();
        fake.Respond(ByAction([Generate("STARTED"), Generate("INPROGRESS")], [Report()]));

        var error = await Assert.ThrowsAsync<AwsServiceException>(
            () => Iam(TestClients.ForFake(fake), TimeSpan.FromMilliseconds(300)).GetCompleteCredentialReportAsync(CancellationToken.None));

        Assert.Equal("ReportNotReady", error.ErrorCode);
        Assert.Contains("INPROGRESS", error.ErrorMessage, StringComparison.Ordinal);
        Assert.True(fake.Requests.Count >= 2);
        Assert.DoesNotContain(fake.Requests, r => r.Action == "GetCredentialReport");
    }

    [Fact]
    public async Task A_report_that_is_not_Base64_is_MalformedResponse()
    {
        using var fake = new FakeAws();
        fake.Respond(ByAction([Generate("COMPLETE")], [FakeReply.IamResult("GetCredentialReport", "<Content>%%% not base64 %%%</Content><GeneratedTime>2025-03-01T11:58:00Z</GeneratedTime>")]));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Iam(TestClients.ForFake(fake)).GetCompleteCredentialReportAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Equal("GetCredentialReport", error.Operation);
    }
}
