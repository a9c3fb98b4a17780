using Auditor.Aws.Tests.Support;
using Auditor.Core.Policies;

namespace Auditor.Aws.Tests.Wire;

/// <summary>
/// IAM GetAccountAuthorizationDetails as AWS answers it, from a loopback fixture built from the documented shapes:
/// every policy document URL-encoded (RFC 3986), and the answer split over pages (moto never pages it).
/// </summary>
public sealed class AuthorizationDetailsWireTests
{
    private static readonly string Admin = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}""");
    private static readonly string Trust = Uri.EscapeDataString("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}]}""");

    [Fact]
    public async Task Reads_every_page_with_all_four_filters_and_decodes_URL_encoded_documents()
    {
        using var fake = new FakeAws();
        fake.Script(
            FakeReply.IamResult("GetAccountAuthorizationDetails", $"""
                <UserDetailList><member><Path>/</Path><UserName>alice</UserName><UserId>AIDA1</UserId><Arn>arn:aws:iam::123456789012:user/alice</Arn>
                <CreateDate>2024-01-02T03:04:05Z</CreateDate><UserPolicyList><member><PolicyName>direct</PolicyName><PolicyDocument>{Admin}</PolicyDocument></member></UserPolicyList>
                <GroupList/><AttachedManagedPolicies><member><PolicyName>ReadOnlyAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member></AttachedManagedPolicies></member></UserDetailList>
                <GroupDetailList/><RoleDetailList/><Policies/>
                <IsTruncated>true</IsTruncated><Marker>page-2</Marker>
                """),
            FakeReply.IamResult("GetAccountAuthorizationDetails", $"""
                <UserDetailList/><GroupDetailList/>
                <RoleDetailList><member><Path>/</Path><RoleName>deploy</RoleName><RoleId>AROA1</RoleId><Arn>arn:aws:iam::123456789012:role/deploy</Arn>
                <AssumeRolePolicyDocument>{Trust}</AssumeRolePolicyDocument><RolePolicyList/>
                <AttachedManagedPolicies><member><PolicyName>AWSSupportAccess</PolicyName><PolicyArn>arn:aws:iam::aws:policy/AWSSupportAccess</PolicyArn></member></AttachedManagedPolicies></member></RoleDetailList>
                <Policies><member><PolicyName>everything</PolicyName><PolicyId>ANPA1</PolicyId><Arn>arn:aws:iam::123456789012:policy/everything</Arn><Path>/</Path>
                <DefaultVersionId>v2</DefaultVersionId><AttachmentCount>0</AttachmentCount><IsAttachable>true</IsAttachable>
                <PolicyVersionList><member><Document>{Uri.EscapeDataString("""{"Statement":[]}""")}</Document><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion></member>
                <member><Document>{Admin}</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member></Policies>
                <IsTruncated>false</IsTruncated>
                """));

        var details = await TestClients.ForFake(fake).Iam().GetAccountAuthorizationDetailsAsync(CancellationToken.None);

        Assert.Equal(2, fake.Requests.Count);
        Assert.All(fake.Requests, r =>
        {
            Assert.Equal("GetAccountAuthorizationDetails", r.Action);
            Assert.Equal(["User", "Group", "Role", "LocalManagedPolicy"], Enumerable.Range(1, 4).Select(i => r.Form[$"Filter.member.{i}"]));
            Assert.Equal("1000", r.Form["MaxItems"]);
        });
        Assert.Null(fake.Requests[0].Form["Marker"]);
        Assert.Equal("page-2", fake.Requests[1].Form["Marker"]);

        var alice = Assert.Single(details.Users);
        Assert.True(PolicyDocument.Parse(Assert.Single(alice.InlinePolicies).Document).Statements[0].IsAllow);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", Assert.Single(alice.AttachedPolicies).PolicyArn);
        var deploy = Assert.Single(details.Roles);
        var condition = Assert.Single(PolicyDocument.Parse(deploy.AssumeRolePolicyDocument).Statements[0].Conditions);
        Assert.Equal(["repo:*"], condition.Values);
        var policy = Assert.Single(details.Policies);
        Assert.Equal("v2", policy.DefaultVersionId);
        Assert.Equal(["*"], PolicyDocument.Parse(policy.DefaultDocument!).Statements[0].Action);
    }

    [Fact]
    public async Task A_page_without_its_role_list_is_an_error_not_an_account_without_roles()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.IamResult("GetAccountAuthorizationDetails", "<UserDetailList/><GroupDetailList/><Policies/><IsTruncated>false</IsTruncated>"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ForFake(fake).Iam().GetAccountAuthorizationDetailsAsync(CancellationToken.None));

        Assert.Equal("MalformedResponse", error.ErrorCode);
        Assert.Contains("RoleDetailList", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccountPasswordPolicy_access_denied_is_an_error_not_no_policy()
    {
        using var fake = new FakeAws();
        fake.Script(FakeReply.QueryError(403, "AccessDenied", "not authorized to perform: iam:GetAccountPasswordPolicy"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestClients.ForFake(fake).Iam().GetAccountPasswordPolicyAsync(CancellationToken.None));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }
}
