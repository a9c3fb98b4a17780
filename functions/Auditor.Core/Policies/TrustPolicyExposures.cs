using Auditor.Core.Model;

namespace Auditor.Core.Policies;

/// <summary>
/// Who a role's trust policy lets in from outside, and without which guard. Each <c>Allow</c> statement that allows
/// assuming the role is read principal by principal:
/// <list type="bullet">
/// <item>anyone (<c>"*"</c>, <c>{"AWS": "*"}</c>, or a <c>NotPrincipal</c>) with no condition on
/// <see cref="AnyoneGuards"/>: CRITICAL;</item>
/// <item>a web identity (<c>Federated</c>, <c>sts:AssumeRoleWithWebIdentity</c>) whose token is not pinned: GitHub
/// without a <c>sub</c> that fixes the owner, Cognito without <c>aud</c>, any other provider with neither: HIGH;</item>
/// <item>a principal of another account that is not trusted, with no <c>sts:ExternalId</c> condition: MEDIUM.</item>
/// </list>
/// Services, SAML federation and the trusted accounts pass. Only conditions that pin a key count as guards: a
/// non-negated string or ARN operator without <c>IfExists</c> (<see cref="PolicyCondition.Restricts"/>), whose values
/// are not wildcards. <c>Deny</c> statements are not credited.
/// </summary>
public static class TrustPolicyExposures
{
    public const string GitHubProvider = "token.actions.githubusercontent.com";
    public const string CognitoProvider = "cognito-identity.amazonaws.com";

    /// <summary>The condition keys that keep a role trusting <c>"*"</c> to a known caller.</summary>
    public static IReadOnlyList<string> AnyoneGuards { get; } =
        ["aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:SourceAccount", "aws:SourceArn", "sts:ExternalId"];

    private const string AssumeRole = "sts:AssumeRole";
    private const string AssumeRoleWithWebIdentity = "sts:AssumeRoleWithWebIdentity";
    private const string AssumeRoleWithSaml = "sts:AssumeRoleWithSAML";

    /// <param name="isTrustedAccount">True for the audited account and every account the deployment trusts.</param>
    public static IReadOnlyList<TrustExposure> Find(PolicyDocument trustPolicy, Func<string, bool> isTrustedAccount)
    {
        ArgumentNullException.ThrowIfNull(trustPolicy);
        ArgumentNullException.ThrowIfNull(isTrustedAccount);
        var exposures = new List<TrustExposure>();
        foreach (var statement in trustPolicy.Statements.Where(s => s.IsAllow))
        {
            var assumes = statement.AppliesToAction(AssumeRole);
            var anyone = statement.NotPrincipal is not null
                ? $"everyone but {Describe(statement.NotPrincipal)} (NotPrincipal)"
                : statement.Principal is { IsEveryone: true } ? "anyone (Principal *)" : null;
            if (anyone is not null)
            {
                if ((assumes || statement.AppliesToAction(AssumeRoleWithWebIdentity) || statement.AppliesToAction(AssumeRoleWithSaml))
                    && !AnyoneGuards.Any(key => Pinned(statement, key, _ => true)))
                {
                    exposures.Add(new(Severity.Critical, statement.Name, anyone, $"no condition on {string.Join(", ", AnyoneGuards.Take(AnyoneGuards.Count - 1))} or {AnyoneGuards[^1]}"));
                }

                continue;
            }

            if (statement.Principal is not { } principal)
            {
                continue;
            }

            if (statement.AppliesToAction(AssumeRoleWithWebIdentity))
            {
                foreach (var federated in principal.Federated)
                {
                    if (WebIdentityGap(statement, federated) is { } gap)
                    {
                        exposures.Add(new(Severity.High, statement.Name, $"web identities of {federated}", gap));
                    }
                }
            }

            if (!assumes)
            {
                continue;
            }

            foreach (var aws in principal.Aws)
            {
                if (AccountOf(aws) is { } account && !isTrustedAccount(account) && !Pinned(statement, "sts:ExternalId", _ => true))
                {
                    exposures.Add(new(Severity.Medium, statement.Name, $"{aws} (account {account}, not a trusted account)", "no sts:ExternalId condition"));
                }
            }
        }

        return exposures;
    }

    /// <summary>
    /// The account of an AWS principal: a bare account id, or the account of an IAM or STS ARN. Null for what names no
    /// account, such as the unique id IAM shows in place of a deleted principal (it can no longer be assumed by anyone).
    /// </summary>
    public static string? AccountOf(string principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Length == 12 && principal.All(char.IsAsciiDigit))
        {
            return principal;
        }

        var parts = principal.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && parts[2] is "iam" or "sts" && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit)
            ? parts[4]
            : null;
    }

    /// <summary>What a web-identity principal lacks, or null when its token is pinned (or it is SAML).</summary>
    private static string? WebIdentityGap(PolicyStatement statement, string federated)
    {
        const string OidcMarker = "oidc-provider/";
        if (federated.Contains(":saml-provider/", StringComparison.Ordinal))
        {
            return null;
        }

        var marker = federated.IndexOf(OidcMarker, StringComparison.Ordinal);
        var provider = marker >= 0 ? federated[(marker + OidcMarker.Length)..] : federated;
        if (provider.StartsWith(GitHubProvider, StringComparison.OrdinalIgnoreCase))
        {
            var key = provider + ":sub";
            if (!statement.ConditionsOn(key).Any(c => c.Restricts))
            {
                return $"no condition on {key}";
            }

            return Pinned(statement, key, FixesGitHubOwner)
                ? null
                : $"a {key} condition that does not fix the repository owner ({string.Join(", ", statement.ConditionsOn(key).Where(c => c.Restricts).SelectMany(c => c.Values))}): any GitHub account could match it";
        }

        if (string.Equals(provider, CognitoProvider, StringComparison.OrdinalIgnoreCase))
        {
            return Pinned(statement, CognitoProvider + ":aud", v => !HasWildcard(v)) ? null : $"no condition on {CognitoProvider}:aud that names an identity pool";
        }

        return Pinned(statement, provider + ":sub", v => !HasWildcard(v)) || Pinned(statement, provider + ":aud", v => !HasWildcard(v))
            ? null
            : $"no condition on {provider}:sub or {provider}:aud";
    }

    /// <summary>
    /// True when some condition pins <paramref name="key"/>: a restricting operator whose every value is accepted by
    /// <paramref name="pinnedLike"/> when the operator reads wildcards (<c>StringLike</c>, <c>ArnLike</c>), and whose
    /// values are not all <c>*</c>. A <c>StringEquals</c> value is literal, so always pinned.
    /// </summary>
    private static bool Pinned(PolicyStatement statement, string key, Func<string, bool> pinnedLike) =>
        statement.ConditionsOn(key).Any(c => c.Restricts && c.Values.Count > 0
            && (c.BaseOperator.EndsWith("Like", StringComparison.Ordinal)
                ? c.Values.All(v => v.Trim('*', '?').Length > 0 && pinnedLike(v))
                : c.Values.All(v => v.Length > 0)));

    /// <summary>A GitHub <c>sub</c> pattern that only the owner's repositories can match: <c>repo:OWNER/…</c> with a literal owner, or no wildcard at all.</summary>
    private static bool FixesGitHubOwner(string pattern)
    {
        if (!HasWildcard(pattern))
        {
            return true;
        }

        const string Repo = "repo:";
        if (!pattern.StartsWith(Repo, StringComparison.Ordinal))
        {
            return false;
        }

        var slash = pattern.IndexOf('/', Repo.Length);
        return slash > Repo.Length && !HasWildcard(pattern[Repo.Length..slash]);
    }

    private static bool HasWildcard(string value) => value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal);

    private static string Describe(PolicyPrincipal principal) =>
        principal.IsWildcard ? "*" : string.Join(", ", principal.Aws.Concat(principal.Service).Concat(principal.Federated).Concat(principal.CanonicalUser));
}
