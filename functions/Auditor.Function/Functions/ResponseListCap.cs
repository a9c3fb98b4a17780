using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Auditor.Function.Functions;

/// <summary>
/// Keeps a response list within a share of Lambda's 6 MB response limit: the first items whose JSON fits in
/// <c>maxBytes</c> are kept, the rest are counted as omitted. Every item is still written to the logs by the caller.
/// </summary>
public static class ResponseListCap
{
    /// <summary>Lambda refuses a response (or error) payload over 6 MB.</summary>
    public const int LambdaResponseLimitBytes = 6 * 1024 * 1024;

    /// <summary>The share for a dry run's findings.</summary>
    public const int DryRunFindingsBytes = 2 * 1024 * 1024;

    /// <summary>The share for each list of findings not imported (failures, and those left by the deadline).</summary>
    public const int FindingListBytes = 512 * 1024;

    public static (IReadOnlyList<T> Kept, int Omitted) Cap<T>(IReadOnlyList<T> items, JsonTypeInfo<T> typeInfo, int maxBytes)
    {
        var used = 2;
        for (var i = 0; i < items.Count; i++)
        {
            used += JsonSerializer.SerializeToUtf8Bytes(items[i], typeInfo).Length + 1;
            if (used > maxBytes)
            {
                return (items.Take(i).ToList(), items.Count - i);
            }
        }

        return (items, 0);
    }
}
