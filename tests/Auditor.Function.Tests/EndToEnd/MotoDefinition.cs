using Auditor.Testing;

namespace Auditor.Function.Tests.EndToEnd;

/// <summary>One moto for every test that needs AWS; its tests run one at a time, each resetting and seeding.</summary>
[CollectionDefinition(Name)]
public sealed class MotoDefinition : ICollectionFixture<MotoServer>
{
    public const string Name = "moto";
}
