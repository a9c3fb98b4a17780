namespace Auditor.Core.Auditing;

/// <summary>The request cannot be run as asked; <see cref="Field"/> names what is wrong. Nothing was written.</summary>
public sealed class AuditRequestException : Exception
{
    public AuditRequestException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    public string Field { get; }
}
