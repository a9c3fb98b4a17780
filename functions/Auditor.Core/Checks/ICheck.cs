using Auditor.Core.Model;

namespace Auditor.Core.Checks;

/// <summary>A compliance check: metadata beside a pure evaluation over an account snapshot.</summary>
public interface ICheck
{
    CheckMetadata Metadata { get; }

    /// <summary>Evaluates the snapshot at <paramref name="now"/>; never calls AWS and never reads the clock.</summary>
    IEnumerable<CheckResult> Evaluate(AccountSnapshot snapshot, AuditSettings settings, DateTimeOffset now);
}
