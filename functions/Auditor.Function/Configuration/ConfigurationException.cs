namespace Auditor.Function.Configuration;

/// <summary>An environment variable has a value the function cannot use; the message names it.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string variable, string problem)
        : base($"{variable}: {problem}")
    {
        Variable = variable;
    }

    public ConfigurationException()
        : this("configuration", "invalid")
    {
    }

    public ConfigurationException(string message)
        : this("configuration", message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Variable = "configuration";
    }

    public string Variable { get; }
}
