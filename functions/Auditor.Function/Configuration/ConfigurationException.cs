namespace Auditor.Function.Configuration;

/// <summary>An environment variable has a value the function cannot use; the message names it.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string variable, string problem)
        : base($"{variable}: {problem}")
    {
        Variable = variable;
    }

    public string Variable { get; }
}
