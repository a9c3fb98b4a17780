using Auditor.Core.Model;
using Auditor.Testing;

namespace Auditor.Core.Tests.Support;

/// <summary>
/// <see cref="AuthorizationDetails"/> as GetAccountAuthorizationDetails would give them, built by hand: documents are
/// the decoded JSON text the client hands over (the wire tests cover URL-encoded and plain documents).
/// </summary>
internal sealed class IamAccount
{
    public const string Admin = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    public const string ReadOnlyS3 = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}}""";
    public const string AssumedByLambda = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private readonly List<IamUserDetail> _users = [];
    private readonly List<IamGroupDetail> _groups = [];
    private readonly List<IamRoleDetail> _roles = [];
    private readonly List<ManagedPolicyDetail> _policies = [];

    public static string PolicyArn(string name) => $"arn:aws:iam::{Snapshots.AccountId}:policy/{name}";

    public static string RoleArn(string name) => $"arn:aws:iam::{Snapshots.AccountId}:role/{name}";

    public IamAccount User(string name, string[]? groups = null, AttachedPolicy[]? attached = null, InlinePolicy[]? inline = null)
    {
        _users.Add(new IamUserDetail(name, $"arn:aws:iam::{Snapshots.AccountId}:user/{name}", "/", TestClock.Now.AddDays(-100), groups ?? [], inline ?? [], attached ?? []));
        return this;
    }

    public IamAccount Group(string name, AttachedPolicy[]? attached = null, InlinePolicy[]? inline = null)
    {
        _groups.Add(new IamGroupDetail(name, $"arn:aws:iam::{Snapshots.AccountId}:group/{name}", "/", inline ?? [], attached ?? []));
        return this;
    }

    public IamAccount Role(string name, string trust = AssumedByLambda, string path = "/", AttachedPolicy[]? attached = null, InlinePolicy[]? inline = null)
    {
        _roles.Add(new IamRoleDetail(name, $"arn:aws:iam::{Snapshots.AccountId}:role{path}{name}", path, trust, inline ?? [], attached ?? []));
        return this;
    }

    public IamAccount Policy(string name, string? document, int attachmentCount = 1)
    {
        _policies.Add(new ManagedPolicyDetail(name, PolicyArn(name), "/", "v3", attachmentCount, document));
        return this;
    }

    public static AttachedPolicy Attached(string name) => new(name, PolicyArn(name));

    public static AttachedPolicy AwsManaged(string name) => new(name, $"arn:aws:iam::aws:policy/{name}");

    public AuthorizationDetails Build() => new(_users.ToList(), _groups.ToList(), _roles.ToList(), _policies.ToList());

    public AccountSnapshot Snapshot() => Snapshots.Empty().WithAuthorizationDetails(Gathered<AuthorizationDetails>.Ok(Build()));
}
