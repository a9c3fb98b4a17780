using System.Security.Cryptography;
using System.Text;
using Auditor.Core.Evaluation;

namespace Auditor.Core.Findings;

/// <summary>
/// Deterministic finding ids, <c>auditor/{account}/{region|global}/{check}/{resource}</c>, so every run
/// updates the same finding. Ids past ASFF's 512 characters keep their prefix and end in a hash.
/// </summary>
public static class FindingIdentity
{
    public const string Prefix = "auditor/";
    public const int MaxIdLength = 512;

    public static string For(FindingScope scope, string resourceId) => For(scope.AccountId, scope.Region, scope.CheckId, resourceId);

    /// <summary>The id of the finding of <paramref name="resourceId"/> in the scope (account, region or <c>global</c>, check).</summary>
    public static string For(string accountId, string region, string checkId, string resourceId)
    {
        var id = $"{Prefix}{accountId}/{region}/{checkId}/{resourceId}";
        if (id.Length <= MaxIdLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceId)));
        return id[..(MaxIdLength - hash.Length - 1)] + "#" + hash;
    }

    /// <summary>The prefix of every finding Auditor writes for an account.</summary>
    public static string AccountPrefix(string accountId) => $"{Prefix}{accountId}/";

    public static string ProductArn(string partition, string region, string accountId) =>
        $"arn:{partition}:securityhub:{region}:{accountId}:product/{accountId}/default";
}
