using Auditor.Testing;

namespace Auditor.Aws.Tests;

/// <summary>The tests that share one moto server; they run one after another and reset the world they need.</summary>
[CollectionDefinition("moto")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit collection definitions are named after their collection.")]
public sealed class MotoCollection : ICollectionFixture<MotoServer>;
