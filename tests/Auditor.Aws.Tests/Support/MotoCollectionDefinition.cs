using Auditor.Testing;

namespace Auditor.Aws.Tests.Support;

/// <summary>
/// One moto (as shipped) for every moto-backed test class; the classes of this collection run one at a time,
/// and each test starts with <see cref="MotoServer.ResetAsync"/> and seeds what it needs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MotoCollectionDefinition : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
