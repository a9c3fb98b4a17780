namespace Auditor.Function.Events;

/// <summary>The event cannot be accepted; <see cref="Field"/> names the field and the message the problem.</summary>
public sealed class EventValidationException : Exception
{
    public EventValidationException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    public string Field { get; }
}
