using System.Net;
using System.Text.Json.Nodes;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Auditing;
using Auditor.Core.Findings;
using static Auditor.Aws.Tests.Support.CannedAws;

namespace Auditor.Aws.Tests.SecurityHub;

/// <summary>
/// BatchImportFindings answers of every kind: nothing the writer was given is ever dropped without being named,
/// and nothing is counted as imported that Security Hub did not confirm.
/// </summary>
public sealed class SecurityHubWriterTests
{
    [Theory]
    [InlineData("LimitExceeded")]
    [InlineData("ThrottlingException")]
    [InlineData("TooManyRequestsException")]
    [InlineData("InternalException")]
    [InlineData("ServiceUnavailableException")]
    public async Task Retriable_FailedFindings_are_imported_again_until_they_succeed(string code)
    {
        var aws = new CannedAws(r => r.Sequence == 1 ? Failing(r, id => id.EndsWith('0') || id.EndsWith('5'), code) : Succeeding(r));

        var result = await Writer(aws).ImportAsync(Findings(20), CancellationToken.None);

        Assert.Equal(20, result.Imported);
        Assert.Empty(result.Failed);
        Assert.Equal([20, 4], aws.Requests.Select(r => Ids(r).Count));
    }

    [Fact]
    public async Task FailedFindings_that_cannot_succeed_are_reported_by_id_and_code_and_not_sent_again()
    {
        var aws = new CannedAws(r => Failing(r, id => id.EndsWith("-3", StringComparison.Ordinal), "InvalidInput"));

        var result = await Writer(aws).ImportAsync(Findings(5), CancellationToken.None);

        Assert.Equal(4, result.Imported);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(("finding-3", "us-east-1", "InvalidInput"), (failure.Id, failure.Region, failure.ErrorCode));
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task Retriable_FailedFindings_that_keep_failing_are_reported_after_the_last_round()
    {
        var aws = new CannedAws(r => Failing(r, id => id == "finding-1", "LimitExceeded"));
        var writer = Writer(aws);

        var result = await writer.ImportAsync(Findings(3), CancellationToken.None);

        Assert.Equal(2, result.Imported);
        Assert.Equal("LimitExceeded", Assert.Single(result.Failed).ErrorCode);
        Assert.Equal(writer.FailedFindingRetries + 1, aws.Requests.Count);
    }

    [Theory]
    [InlineData("""{"FailedCount":2,"SuccessCount":3,"FailedFindings":[{"Id":"finding-0","ErrorCode":"InvalidInput","ErrorMessage":"bad"}]}""")]
    [InlineData("""{"FailedCount":0,"SuccessCount":0}""")]
    [InlineData("{}")]
    [InlineData("""{"Unexpected":"shape"}""")]
    public async Task Counts_that_do_not_add_up_are_not_taken_as_success_and_the_unconfirmed_findings_are_imported_again(string firstAnswer)
    {
        var aws = new CannedAws(r => r.Sequence == 1 ? Json(firstAnswer) : Succeeding(r));

        var result = await Writer(aws).ImportAsync(Findings(4), CancellationToken.None);

        var second = Ids(aws.Requests.ElementAt(1));
        Assert.DoesNotContain(second, id => result.Failed.Any(f => f.Id == id));
        Assert.Equal(4, result.Imported + result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal("InvalidInput", f.ErrorCode));
    }

    [Fact]
    public async Task Findings_whose_import_is_never_confirmed_are_reported_as_Unconfirmed()
    {
        var aws = new CannedAws(_ => Json("{}"));
        var writer = Writer(aws);

        var result = await writer.ImportAsync(Findings(3), CancellationToken.None);

        Assert.Equal(0, result.Imported);
        Assert.Equal(3, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.Equal("Unconfirmed", f.ErrorCode));
        Assert.Equal(writer.FailedFindingRetries + 1, aws.Requests.Count);
    }

    [Fact]
    public async Task A_batch_whose_call_fails_after_its_retries_reports_each_of_its_findings()
    {
        var aws = new CannedAws(_ => Json("""{"Code":"InternalException"}""", HttpStatusCode.InternalServerError, ("X-Amzn-ErrorType", "InternalException")));

        var result = await Writer(aws).ImportAsync(Findings(150), CancellationToken.None);

        Assert.Equal(150, result.Failed.Count);
        Assert.Equal(150, result.Failed.Select(f => f.Id).Distinct().Count());
        Assert.All(result.Failed, f => Assert.Equal("InternalException", f.ErrorCode));
        Assert.Equal(2 * (Options.MaxRetryAttempts + 1), aws.Requests.Count);
    }

    [Fact]
    public async Task Findings_go_in_order_in_batches_of_at_most_100()
    {
        var aws = new CannedAws(Succeeding);

        var result = await Writer(aws).ImportAsync(Findings(250), CancellationToken.None);

        Assert.Equal(250, result.Imported);
        Assert.Equal([100, 100, 50], aws.Requests.Select(r => Ids(r).Count));
        Assert.Equal(Findings(250).Select(f => f.Id), aws.Requests.SelectMany(Ids));
    }

    [Fact]
    public async Task No_batch_starts_once_the_budget_says_stop_and_every_finding_not_sent_is_named()
    {
        var aws = new CannedAws(Succeeding);
        var spent = new RunBudget(DateTimeOffset.UtcNow.AddSeconds(-1), TimeSpan.Zero, TimeProvider.System);

        var result = await Writer(aws).ImportAsync(Findings(120), spent, CancellationToken.None);

        Assert.Empty(aws.Requests);
        Assert.Equal(0, result.Imported);
        Assert.Equal(120, result.NotImported.Count);
        Assert.All(result.NotImported, f => Assert.Equal(RunBudget.DeadlineReached, f.ErrorCode));
    }

    [Fact]
    public async Task A_batch_cut_off_in_flight_is_not_counted_as_imported()
    {
        using var cancel = new CancellationTokenSource();
        var aws = new CannedAws(async r =>
        {
            if (r.Sequence == 2)
            {
                await cancel.CancelAsync();
                await Task.Delay(TimeSpan.FromSeconds(30), r.Cancellation);
            }

            return Succeeding(r);
        });

        var result = await Writer(aws).ImportAsync(Findings(250), RunBudget.Unlimited, cancel.Token);

        Assert.Equal(100, result.Imported);
        Assert.Equal(150, result.NotImported.Count);
        Assert.Empty(result.Failed);
        Assert.Contains("not confirmed", result.NotImported[0].ErrorMessage, StringComparison.Ordinal);
    }

    private static SecurityHubWriter Writer(CannedAws aws) => new(aws.Factory().SecurityHub("us-east-1"), Options);

    private static List<string> Ids(CannedRequest request) =>
        JsonNode.Parse(request.Body)!["Findings"]!.AsArray().Select(f => f!["Id"]!.GetValue<string>()).ToList();

    private static HttpResponseMessage Succeeding(CannedRequest request) =>
        Json($$"""{"FailedCount":0,"SuccessCount":{{Ids(request).Count}},"FailedFindings":[]}""");

    private static HttpResponseMessage Failing(CannedRequest request, Func<string, bool> fails, string code)
    {
        var ids = Ids(request);
        var failed = ids.Where(fails).ToList();
        var entries = string.Join(",", failed.Select(id => $$"""{"Id":"{{id}}","ErrorCode":"{{code}}","ErrorMessage":"injected"}"""));
        return Json($$"""{"FailedCount":{{failed.Count}},"SuccessCount":{{ids.Count - failed.Count}},"FailedFindings":[{{entries}}]}""");
    }

    private static List<AsffFinding> Findings(int count) => Enumerable.Range(0, count).Select(i => new AsffFinding
    {
        Id = $"finding-{i}",
        ProductArn = "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
        GeneratorId = "iam.user-mfa",
        AwsAccountId = "123456789012",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        Severity = new AsffSeverity("INFORMATIONAL"),
        Title = "t",
        Description = "d",
        Resources = [new AsffResource { Type = "AwsAccount", Id = "AWS::::Account:123456789012" }],
    }).ToList();
}
