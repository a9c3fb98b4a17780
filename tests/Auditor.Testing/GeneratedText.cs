using Xunit;

namespace Auditor.Testing;

/// <summary>
/// Text in the repository that is generated from the code (the README's check catalogue, the permissions table of
/// docs/permissions.md, the Native AOT template): a test compares it with what the code generates now and, run with the update variable set to
/// 1, writes the generated text in its place instead of failing.
/// </summary>
public static class GeneratedText
{
    /// <summary>The part of <paramref name="path"/> from <paramref name="startMarker"/> to <paramref name="endMarker"/> (both included) is <paramref name="generated"/>.</summary>
    public static void AssertBlockCurrent(string path, string startMarker, string endMarker, string generated, string updateVariable)
    {
        var text = File.ReadAllText(path);
        var start = text.IndexOf(startMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{Path.GetFileName(path)} has no block between {startMarker} and {endMarker}");
        var current = text[start..(end + endMarker.Length)].ReplaceLineEndings("\n");
        generated = generated.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(updateVariable) == "1" && current != generated)
        {
            File.WriteAllText(path, text[..start] + generated + text[(end + endMarker.Length)..]);
            return;
        }

        Assert.Equal(generated, current);
    }

    /// <summary>The whole of <paramref name="path"/> is <paramref name="generated"/>.</summary>
    public static void AssertFileCurrent(string path, string generated, string updateVariable, string howToRegenerate)
    {
        var current = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        generated = generated.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable(updateVariable) == "1" && current != generated)
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(current == generated, $"{Path.GetFileName(path)} is not what the code generates: {howToRegenerate}");
    }
}
