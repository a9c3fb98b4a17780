using System.Reflection;
using Auditor.Aws.Evidence;
using Auditor.Aws.Tests.Support;
using Auditor.Core.Checks;
using Auditor.Core.Evidence;
using Auditor.Testing;

namespace Auditor.Aws.Tests.Evidence;

/// <summary>
/// The reader table: every kind of evidence has exactly one reader, every kind a check reads can be read, and a
/// reader calls nothing but the operations it declares (the permissions derive from those), read against moto.
/// </summary>
[Collection(MotoCollectionDefinition.Name)]
public sealed class EvidenceReadersTests(MotoServer moto) : IAsyncLifetime
{
    /// <summary>Every kind declared in <see cref="EvidenceKinds"/>, found by reflection so none can be forgotten.</summary>
    public static IReadOnlyList<EvidenceKind> DeclaredKinds { get; } = typeof(EvidenceKinds)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => f.GetValue(null))
        .OfType<EvidenceKind>()
        .ToList();

    public static TheoryData<string> KindNames => [.. DeclaredKinds.Select(k => k.Name)];

    public Task InitializeAsync() => moto.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_kind_of_evidence_has_exactly_one_reader()
    {
        Assert.NotEmpty(DeclaredKinds);
        Assert.All(DeclaredKinds, kind => Assert.Single(EvidenceReaders.All, r => r.Kinds.Contains(kind)));
        Assert.All(EvidenceReaders.All.SelectMany(r => r.Kinds), kind => Assert.Contains(kind, DeclaredKinds));
    }

    [Fact]
    public void Every_kind_a_check_reads_has_a_reader()
    {
        Assert.All(CheckCatalog.All.SelectMany(c => c.Metadata.Reads), kind => Assert.NotNull(EvidenceReaders.For(kind)));
    }

    [Fact]
    public void Kind_names_are_unique()
    {
        Assert.Equal(DeclaredKinds.Count, DeclaredKinds.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_reader_that_serves_two_kinds_is_run_once()
    {
        var readers = EvidenceReaders.For([EvidenceKinds.CredentialReport, EvidenceKinds.IamUsers, EvidenceKinds.AccountSummary]);

        Assert.Equal(2, readers.Count);
    }

    [Theory]
    [MemberData(nameof(KindNames))]
    public async Task A_reader_calls_only_the_operations_it_declares(string kindName)
    {
        await moto.SeedAsync("""
            {"users":[{"name":"alice","password":true,"mfa":true,"keys":[{"createdDaysAgo":10}]}],
             "guardDuty":{"us-east-1":"ENABLED"},"shield":{"autoRenew":"ENABLED"},"rootMfaEnabled":true}
            """);
        var kind = DeclaredKinds.Single(k => k.Name == kindName);
        var reader = EvidenceReaders.For(kind);
        var clients = TestClients.ForMoto(moto);

        _ = await TestEvidence.CollectAsync(clients, MotoServer.AccountId, ["us-east-1"], [kind]);

        var declared = reader.Operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
        var called = clients.Counters().Calls.Keys.ToList();
        Assert.NotEmpty(called);
        Assert.All(called, call => Assert.Contains(call, declared));
    }
}
