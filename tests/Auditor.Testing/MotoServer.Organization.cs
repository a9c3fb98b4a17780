using System.Text.Json.Nodes;

namespace Auditor.Testing;

/// <summary>Organization-wide helpers: calls made as a member account, and the organization seeding route.</summary>
public sealed partial class MotoServer
{
    /// <summary>Runs one boto3 call as <paramref name="account"/> (moto's <c>x-moto-account-id</c>).</summary>
    public Task<JsonNode?> CallAsAsync(string account, string service, string operation, JsonObject? parameters = null, string region = Region) =>
        PostAsync("call", new JsonObject
        {
            ["service"] = service,
            ["region"] = region,
            ["operation"] = operation,
            ["params"] = parameters ?? new JsonObject(),
            ["account"] = account,
        });

    /// <summary>
    /// Creates the organization (when there is none) and its member accounts; see <c>scripts/moto_world.py</c>,
    /// <c>POST /_auditor/organization</c>. Returns each account's id by name.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SeedOrganizationAsync(JsonObject organization)
    {
        var reply = await PostAsync("organization", organization).ConfigureAwait(false);
        return reply!["accounts"]!.AsArray().ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!["id"]!.GetValue<string>());
    }

    /// <summary>Every finding in one account's Security Hub in one region, read with boto3 as that account.</summary>
    public async Task<IReadOnlyList<JsonObject>> FindingsOfAsync(string account, string region = Region)
    {
        var findings = new List<JsonObject>();
        string? token = null;
        do
        {
            var parameters = new JsonObject { ["MaxResults"] = 100 };
            if (token is not null)
            {
                parameters["NextToken"] = token;
            }

            var page = (await CallAsAsync(account, "securityhub", "get_findings", parameters, region).ConfigureAwait(false))!;
            findings.AddRange(page["Findings"]!.AsArray().Select(f => f!.AsObject()));
            token = page["NextToken"]?.GetValue<string>() is { Length: > 0 } next ? next : null;
        }
        while (token is not null);

        return findings;
    }
}
