using System.Text.Json.Nodes;
using Auditor.Aws.Tests.Support;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Moto;

/// <summary>
/// IAM GetAccountAuthorizationDetails and GetAccountPasswordPolicy against moto as shipped. moto 5.2.1 sends the
/// inline and managed policy documents URL-encoded, as AWS does, but the roles' AssumeRolePolicyDocument as plain
/// JSON: these tests read both forms; <c>AuthorizationDetailsWireTests</c> reads AWS's form of every document.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class AuthorizationDetailsMotoTests(MotoServer moto) : IAsyncLifetime
{
    private const string AdminDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    private const string TrustOutsider = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}""";

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GetAccountAuthorizationDetails_reads_users_groups_roles_and_customer_policies_with_decoded_documents()
    {
        await Iam("create_policy", new() { ["PolicyName"] = "everything", ["PolicyDocument"] = AdminDocument });
        await Iam("create_group", new() { ["GroupName"] = "admins" });
        await Iam("attach_group_policy", new() { ["GroupName"] = "admins", ["PolicyArn"] = "arn:aws:iam::123456789012:policy/everything" });
        await Iam("create_user", new() { ["UserName"] = "alice", ["Path"] = "/staff/" });
        await Iam("add_user_to_group", new() { ["UserName"] = "alice", ["GroupName"] = "admins" });
        await Iam("put_user_policy", new() { ["UserName"] = "alice", ["PolicyName"] = "direct", ["PolicyDocument"] = AdminDocument });
        await Iam("create_role", new() { ["RoleName"] = "partner", ["AssumeRolePolicyDocument"] = TrustOutsider });
        await Iam("attach_role_policy", new() { ["RoleName"] = "partner", ["PolicyArn"] = "arn:aws:iam::123456789012:policy/everything" });
        await Iam("create_service_linked_role", new() { ["AWSServiceName"] = "elasticbeanstalk.amazonaws.com" });
        var clients = TestClients.ForMoto(moto);

        var details = await clients.Iam().GetAccountAuthorizationDetailsAsync(CancellationToken.None);

        var alice = Assert.Single(details.Users);
        Assert.Equal("arn:aws:iam::123456789012:user/staff/alice", alice.Arn);
        Assert.Equal("/staff/", alice.Path);
        Assert.Equal(["admins"], alice.Groups);
        var inline = Assert.Single(alice.InlinePolicies);
        Assert.Equal("direct", inline.PolicyName);
        // moto sends this one URL-encoded, as AWS does.
        Assert.Equal("*", Core.Policies.PolicyDocument.Parse(inline.Document).Statements[0].Action![0]);

        var group = Assert.Single(details.Groups);
        Assert.Equal("arn:aws:iam::123456789012:policy/everything", Assert.Single(group.AttachedPolicies).PolicyArn);

        var partner = Assert.Single(details.Roles, r => r.RoleName == "partner");
        Assert.False(partner.IsServiceLinked);
        // moto sends the trust policy as plain JSON: read as it is.
        Assert.Equal(["arn:aws:iam::999988887777:root"], Core.Policies.PolicyDocument.Parse(partner.AssumeRolePolicyDocument).Statements[0].Principal!.Aws);
        Assert.True(Assert.Single(details.Roles, r => r.RoleName == "AWSServiceRoleForElasticBeanstalk").IsServiceLinked);

        var policy = Assert.Single(details.Policies);
        Assert.Equal("everything", policy.PolicyName);
        Assert.Equal("v1", policy.DefaultVersionId);
        Assert.Equal(2, policy.AttachmentCount);
        Assert.True(Core.Policies.PolicyDocument.Parse(policy.DefaultDocument!).Statements[0].IsAllow);

        Assert.Equal(1, clients.CallsOf("iam:GetAccountAuthorizationDetails"));
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_of_an_account_without_one_is_no_policy_not_an_error()
    {
        var policy = await TestClients.ForMoto(moto).Iam().GetAccountPasswordPolicyAsync(CancellationToken.None);

        Assert.False(policy.Exists);
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_reads_the_policy_as_set()
    {
        await Iam("update_account_password_policy", new()
        {
            ["MinimumPasswordLength"] = 12,
            ["RequireSymbols"] = true,
            ["RequireNumbers"] = true,
            ["RequireUppercaseCharacters"] = false,
            ["RequireLowercaseCharacters"] = true,
            ["PasswordReusePrevention"] = 5,
        });

        var policy = (await TestClients.ForMoto(moto).Iam().GetAccountPasswordPolicyAsync(CancellationToken.None)).Policy!;

        Assert.Equal(12, policy.MinimumPasswordLength);
        Assert.True(policy.RequireSymbols);
        Assert.True(policy.RequireNumbers);
        Assert.False(policy.RequireUppercaseCharacters);
        Assert.True(policy.RequireLowercaseCharacters);
        Assert.Equal(5, policy.PasswordReusePrevention);
    }

    private Task<JsonNode?> Iam(string operation, JsonObject parameters) => moto.CallAsync("iam", operation, parameters);
}
