namespace Auditor.Core.Model;

/// <summary>The entries of IAM <c>GetAccountSummary</c> that the root checks read.</summary>
public sealed record AccountSummary(IReadOnlyDictionary<string, long> SummaryMap)
{
    public bool AccountMfaEnabled => Get("AccountMFAEnabled") > 0;

    public bool AccountAccessKeysPresent => Get("AccountAccessKeysPresent") > 0;

    private long Get(string key) => SummaryMap.TryGetValue(key, out var value) ? value : 0;
}
