namespace Auditor.Function.Events;

/// <summary>The event cannot be accepted; <see cref="Field"/> names the field and the message the problem.</summary>
public sealed class EventValidationException : Exception
{
    public EventValidationException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    public EventValidationException()
        : this("event", "invalid")
    {
    }

    public EventValidationException(string message)
        : this("event", message)
    {
    }

    public EventValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "event";
    }

    public string Field { get; }
}
