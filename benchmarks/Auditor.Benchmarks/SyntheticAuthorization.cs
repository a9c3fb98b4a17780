using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Benchmarks;

/// <summary>
/// A synthetic account's authorization details, as GetAccountAuthorizationDetails gives them once the client has decoded
/// the documents: users in groups (some with policies of their own), groups, roles of every kind of trust (services,
/// other accounts with and without an external id, GitHub OIDC pinned and not, "*" guarded by the organization), and
/// customer managed policies of a few statements (a few allow everything). Seeded, so every run sees the same account.
/// </summary>
public static class SyntheticAuthorization
{
    private const string Account = SyntheticAccount.AccountId;

    public static AuthorizationDetails Details(int users, int roles, int policies, int seed = 7)
    {
        var random = new Random(seed);
        var policyArns = Enumerable.Range(0, policies).Select(i => $"arn:aws:iam::{Account}:policy/team-{i:D4}").ToList();
        AttachedPolicy Pick() => new($"team-{random.Next(policies):D4}", policyArns[random.Next(policies)]);
        InlinePolicy Inline(int i) => new($"inline-{i}", Document(random, i % 40 == 0));

        var groups = Enumerable.Range(0, 50)
            .Select(g => new IamGroupDetail($"group-{g:D2}", $"arn:aws:iam::{Account}:group/group-{g:D2}", "/", g % 10 == 0 ? [Inline(g)] : [], [Pick(), Pick()]))
            .ToList();
        var userList = Enumerable.Range(0, users)
            .Select(u => new IamUserDetail(
                $"user-{u:D6}",
                $"arn:aws:iam::{Account}:user/user-{u:D6}",
                "/",
                SyntheticAccount.Now.AddDays(-400),
                [groups[u % groups.Count].GroupName, groups[(u * 7) % groups.Count].GroupName],
                u % 20 == 0 ? [Inline(u)] : [],
                u % 10 == 0 ? [Pick()] : []))
            .ToList();
        var roleList = Enumerable.Range(0, roles)
            .Select(r => new IamRoleDetail(
                $"role-{r:D5}",
                r % 25 == 0 ? $"arn:aws:iam::{Account}:role/aws-service-role/svc.amazonaws.com/role-{r:D5}" : $"arn:aws:iam::{Account}:role/role-{r:D5}",
                r % 25 == 0 ? "/aws-service-role/svc.amazonaws.com/" : "/",
                Trust(r),
                r % 3 == 0 ? [Inline(r)] : [],
                r == 1 ? [Pick(), new AttachedPolicy("AWSSupportAccess", "arn:aws:iam::aws:policy/AWSSupportAccess")] : [Pick(), Pick()]))
            .ToList();
        var policyList = Enumerable.Range(0, policies)
            .Select(p => new ManagedPolicyDetail($"team-{p:D4}", policyArns[p], "/", "v2", 1 + (p % 5), Document(random, p % 50 == 0)))
            .ToList();
        return new AuthorizationDetails(userList, groups, roleList, policyList);
    }

    /// <summary>The snapshot with the authorization details and a password policy, nothing else.</summary>
    public static AccountSnapshot Snapshot(AuthorizationDetails details) =>
        new AccountSnapshot { AccountId = Account, CollectedAt = SyntheticAccount.Now, Regions = SyntheticAccount.Regions }
            .WithAuthorizationDetails(Gathered<AuthorizationDetails>.Ok(details))
            .WithPasswordPolicy(Gathered<AccountPasswordPolicy>.Ok(AccountPasswordPolicy.None));

    private static string Document(Random random, bool admin) => admin
        ? """{"Version":"2012-10-17","Statement":[{"Sid":"Everything","Effect":"Allow","Action":"*","Resource":"*"}]}"""
        : string.Concat(
            """{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","dynamodb:GetItem","dynamodb:Query"],"Resource":["arn:aws:s3:::bucket-""",
            random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "\",\"arn:aws:s3:::bucket/*\"]},{\"Sid\":\"Write\",\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"arn:aws:sqs:us-east-1:123456789012:queue\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}},{\"Effect\":\"Deny\",\"NotAction\":[\"iam:Get*\",\"iam:List*\"],\"Resource\":\"arn:aws:iam::*:role/admin*\"}]}");

    private static string Trust(int role) => (role % 20) switch
    {
        0 or 1 or 2 => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"vendor"}}}]}""",
        3 => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::777788889999:role/ops","999988887777"]},"Action":"sts:AssumeRole"}]}""",
        4 or 5 => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example-org/*"}}}]}""",
        6 => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}}}]}""",
        7 => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}""",
        _ => """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""",
    };
}
