using System.Text.Json.Nodes;
using Auditor.Aws.Http;
using Auditor.Aws.Organizations;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Organization;

/// <summary>
/// Organizations ListAccounts: the wire shape and the paging corner cases on a loopback fake (moto never sends an
/// empty page with a token, nor only the retired Status field), and real paging and states on moto.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class OrganizationsClientTests(MotoServer moto)
{
    private static OrganizationsClient Client(AwsClientFactory clients) =>
        new(clients.Sender(AwsService.Organizations, clients.Environment.Region));

    [Fact]
    public async Task ListAccounts_pages_through_moto_to_the_end_and_reads_each_state()
    {
        await moto.ResetAsync();
        var ids = await moto.SeedOrganizationAsync(JsonNode.Parse("""
            {"accounts": [{"name": "a"}, {"name": "b"}, {"name": "c", "state": "SUSPENDED"}, {"name": "d", "state": "PENDING_CLOSURE"}, {"name": "e"}]}
            """)!.AsObject());
        var clients = TestClients.ForMoto(moto);

        var accounts = await Client(clients).ListAccountsAsync(CancellationToken.None, pageSize: 2);

        // The management account is an account of the organization too.
        Assert.Equal(ids.Values.Append(MotoServer.AccountId).Order(StringComparer.Ordinal), accounts.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, clients.CallsOf("organizations:ListAccounts"));
        var states = accounts.ToDictionary(a => a.Id, a => a.EffectiveState);
        Assert.Equal("SUSPENDED", states[ids["c"]]);
        Assert.Equal("PENDING_CLOSURE", states[ids["d"]]);
        Assert.Equal("ACTIVE", states[ids["a"]]);
        Assert.True(accounts.Single(a => a.Id == ids["e"]).IsActive);
        Assert.Equal("e", accounts.Single(a => a.Id == ids["e"]).Name);
        Assert.NotNull(accounts.Single(a => a.Id == ids["e"]).JoinedTimestamp);
    }

    [Fact]
    public async Task ListAccounts_is_json_1_1_signed_for_us_east_1_and_follows_NextToken_through_empty_pages()
    {
        using var fake = new FakeAws();
        fake.Script(
            FakeReply.Json11("""{"Accounts":[{"Id":"111111111111","State":"ACTIVE","JoinedTimestamp":1700000000.5}],"NextToken":"t-2"}"""),
            FakeReply.Json11("""{"Accounts":[],"NextToken":"t-3"}"""),
            FakeReply.Json11("""{"Accounts":[{"Id":"222222222222","State":"SUSPENDED"}],"NextToken":null}"""));
        var clients = TestClients.ForFake(fake, region: "eu-west-1");

        var accounts = await Client(clients).ListAccountsAsync(CancellationToken.None);

        Assert.Equal(["111111111111", "222222222222"], accounts.Select(a => a.Id));
        Assert.Equal([true, false], accounts.Select(a => a.IsActive));
        Assert.All(fake.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/", r.Path);
            Assert.Equal("AWSOrganizationsV20161128.ListAccounts", r.Target);
            Assert.StartsWith("application/x-amz-json-1.1", r.Header("Content-Type"), StringComparison.Ordinal);
            Assert.Equal("us-east-1/organizations", r.SigningScope);
            Assert.Equal(OrganizationsClient.MaxPageSize, JsonNode.Parse(r.Body)!["MaxResults"]!.GetValue<int>());
        });
        Assert.Equal([null, "t-2", "t-3"], fake.Requests.Select(r => JsonNode.Parse(r.Body)!["NextToken"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"Id":"111111111111","State":"PENDING_CLOSURE","Status":"ACTIVE"}""", "PENDING_CLOSURE", false)]
    [InlineData("""{"Id":"111111111111","Status":"SUSPENDED"}""", "SUSPENDED", false)]
    [InlineData("""{"Id":"111111111111","Status":"ACTIVE"}""", "ACTIVE", true)]
    [InlineData("""{"Id":"111111111111","State":"CLOSED"}""", "CLOSED", false)]
    [InlineData("""{"Id":"111111111111"}""", null, false)]
    public async Task State_wins_and_the_retired_Status_answers_only_when_State_is_absent(string account, string? state, bool active)
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Json11($$"""{"Accounts":[{{account}}]}"""));

        var listed = Assert.Single(await Client(TestClients.ForFake(fake)).ListAccountsAsync(CancellationToken.None));

        Assert.Equal(state, listed.EffectiveState);
        Assert.Equal(active, listed.IsActive);
    }

    [Fact]
    public async Task A_NextToken_that_comes_back_twice_stops_the_listing_with_an_error()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Json11("""{"Accounts":[],"NextToken":"same"}"""));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(TestClients.ForFake(fake)).ListAccountsAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_member_account_that_may_not_list_gets_AWSs_error_code_without_retries()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.Json11Error(400, "AccessDeniedException", "You don't have permissions to access this resource."));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(TestClients.ForFake(fake)).ListAccountsAsync(CancellationToken.None));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Single(fake.Requests);
    }
}
