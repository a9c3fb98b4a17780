namespace Auditor.Core.Model;

/// <summary>
/// A KMS key of one region as <c>DescribeKey</c> describes it, with its rotation as <c>GetKeyRotationStatus</c> reports
/// it (read only for keys in scope of rotation). A key whose description or rotation could not be read keeps the
/// failure, so the checks say it was not evaluated instead of leaving it out.
/// </summary>
public sealed record KmsKey
{
    public const string CustomerManager = "CUSTOMER";
    public const string PendingDeletionState = "PendingDeletion";
    public const string SymmetricDefault = "SYMMETRIC_DEFAULT";

    public required string KeyId { get; init; }

    public required string Arn { get; init; }

    /// <summary>CUSTOMER or AWS; null when the key could not be described.</summary>
    public string? KeyManager { get; init; }

    /// <summary>Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, Creating…</summary>
    public string? KeyState { get; init; }

    /// <summary>SYMMETRIC_DEFAULT, RSA_2048, HMAC_256…</summary>
    public string? KeySpec { get; init; }

    /// <summary>AWS_KMS, EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE.</summary>
    public string? Origin { get; init; }

    public DateTimeOffset? DeletionDate { get; init; }

    /// <summary>Whether automatic rotation is on; null when not read (a key out of rotation's scope, or a failed read).</summary>
    public bool? RotationEnabled { get; init; }

    public int? RotationPeriodInDays { get; init; }

    public DateTimeOffset? NextRotationDate { get; init; }

    /// <summary>Why this key could not be read completely (code and reason); null when it was.</summary>
    public KmsKeyReadFailure? Failure { get; init; }

    public bool IsCustomerManaged => string.Equals(KeyManager, CustomerManager, StringComparison.Ordinal);

    public bool IsPendingDeletion => string.Equals(KeyState, PendingDeletionState, StringComparison.Ordinal);

    /// <summary>
    /// A customer managed, enabled, symmetric encryption key with key material KMS generated: the keys automatic
    /// rotation applies to (asymmetric, HMAC, imported and custom-key-store keys cannot rotate automatically).
    /// </summary>
    public bool InRotationScope =>
        IsCustomerManaged
        && string.Equals(KeyState, "Enabled", StringComparison.Ordinal)
        && string.Equals(KeySpec, SymmetricDefault, StringComparison.Ordinal)
        && string.Equals(Origin, "AWS_KMS", StringComparison.Ordinal);
}

/// <summary>The failed read of one key: the error code and a reason a security engineer can act on.</summary>
public sealed record KmsKeyReadFailure(string Code, string Reason);
