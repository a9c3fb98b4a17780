namespace Auditor.Core.Suppressions;

/// <summary>The suppressions file cannot be used: it does not parse, or a rule is incomplete or out of bounds.</summary>
public sealed class SuppressionFileException : Exception
{
    public SuppressionFileException(int line, string problem)
        : base($"{SuppressionFile.Key} line {line}: {problem}")
    {
        Line = line;
        Problem = problem;
    }

    public int Line { get; }

    public string Problem { get; }
}
