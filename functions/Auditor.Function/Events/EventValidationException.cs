namespace Auditor.Function.Events;

/// <summary>
/// The event cannot be accepted; <see cref="Field"/> names the field and the message the problem. A field name longer
/// than <see cref="EventJson.QuotedLength"/> characters (a hostile key) is cut, so the message stays short.
/// </summary>
public sealed class EventValidationException : Exception
{
    public EventValidationException(string field, string problem)
        : base($"{EventJson.Bounded(field)}: {problem}")
    {
        Field = EventJson.Bounded(field);
        Problem = problem;
    }

    public string Field { get; }

    /// <summary>The problem, without the field's name.</summary>
    public string Problem { get; }
}
