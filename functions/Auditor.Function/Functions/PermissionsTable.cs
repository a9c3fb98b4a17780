using System.Text;
using Auditor.Aws.Auditing;
using Auditor.Aws.Evidence;
using Auditor.Aws.Freshness;
using Auditor.Aws.Http;
using Auditor.Aws.Organizations;
using Auditor.Aws.RootAlerts;
using Auditor.Aws.SecurityHub;
using Auditor.Aws.Sts;
using Auditor.Aws.Suppressions;

namespace Auditor.Function.Functions;

/// <summary>
/// The permissions table of docs/permissions.md, generated from the operations each function declares (the same declarations the
/// template tests hold the roles to): every IAM action, its resource, the roles that grant it, and what it is for.
/// </summary>
public static class PermissionsTable
{
    public const string StartMarker = "<!-- permissions:start (generated from the functions' declared operations; see tests) -->";
    public const string EndMarker = "<!-- permissions:end -->";

    /// <summary>The member accounts' role of member-role.yaml, beside the functions' own roles.</summary>
    public const string MemberRole = "member role";

    public static string Render()
    {
        var roles = new Dictionary<AwsOperation, SortedSet<string>>();
        foreach (var registration in FunctionTable.All)
        {
            Add(roles, registration.Operations, registration.Name);
            Add(roles, registration.MemberAccountOperations, MemberRole);
        }

        var purposes = Purposes();
        var text = new StringBuilder()
            .AppendLine(StartMarker)
            .AppendLine("| Action | Resource | Granted to | What for |")
            .AppendLine("|---|---|---|---|");
        foreach (var (operation, grantedTo) in roles.Where(r => r.Key.IamAction is not null).OrderBy(r => r.Key.IamAction, StringComparer.Ordinal).ThenBy(r => r.Key.Resource, StringComparer.Ordinal))
        {
            text.Append("| `").Append(operation.IamAction).Append("` | `").Append(operation.Resource).Append("` | ")
                .Append(string.Join(", ", grantedTo)).Append(" | ")
                .Append(purposes.TryGetValue(operation, out var purpose) ? purpose : throw new InvalidOperationException($"{operation} has no purpose to show"))
                .AppendLine(" |");
        }

        return text.Append(EndMarker).ToString();
    }

    /// <summary>What each operation is for: the evidence a reader reads (and the checks that read it), or the stage that calls it.</summary>
    public static IReadOnlyDictionary<AwsOperation, string> Purposes()
    {
        var purposes = new Dictionary<AwsOperation, List<string>>();
        void Say(IEnumerable<AwsOperation> operations, string purpose)
        {
            foreach (var operation in operations)
            {
                if (!purposes.TryGetValue(operation, out var list))
                {
                    purposes[operation] = list = [];
                }

                if (!list.Contains(purpose, StringComparer.Ordinal))
                {
                    list.Add(purpose);
                }
            }
        }

        // By kind of evidence, not by check: the checks that read a kind are in the catalogue, and a new check that reads
        // a kind already read changes no permission.
        foreach (var reader in EvidenceReaders.All)
        {
            Say(reader.Operations, $"reading {string.Join("; ", reader.Kinds.Select(k => k.Description))}");
        }

        Say(AuditScopeResolver.Operations, "the account, its regions, Security Hub enabled");
        Say(StoredFindingsReader.Operations, "the findings Security Hub already holds");
        Say(StaleReportConfirmer.Operations, "confirming a stale credential report live");
        Say(FindingImporter.Operations, "importing findings");
        Say(RootEventImporter.Operations, "importing a root event's finding");
        Say(DispatchFunction.Operations, "listing the organization's accounts, queueing one message per account");
        Say([OrganizationsClient.DescribeAccount], "checking that a queued account is an ACTIVE member before entering it");
        Say([StsClient.AssumeRole], "entering a member account through its audit role");
        Say(SuppressionsReader.Operations, "reading the accepted risks (config/suppressions.yaml in the report bucket)");
        Say(SuppressionApplier.Operations, "suppressing the findings an accepted risk covers, and unsuppressing them when it expires");
        return purposes.ToDictionary(p => p.Key, p => string.Join("; ", p.Value));
    }

    private static void Add(Dictionary<AwsOperation, SortedSet<string>> roles, IEnumerable<AwsOperation> operations, string role)
    {
        foreach (var operation in operations)
        {
            if (!roles.TryGetValue(operation, out var set))
            {
                roles[operation] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(role);
        }
    }
}
