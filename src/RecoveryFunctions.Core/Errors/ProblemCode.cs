using System.Diagnostics;

namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// A stable problem code clients switch on, with its HTTP family chosen once here (in the manner of the Azure SDK's
/// <c>TableErrorCode</c>). Never rename a value: the front ends map them to text. Field-level codes inside the
/// <c>errors</c> map are <see cref="FieldCodes"/>; codes only the HTTP layer raises live in the function app.
/// </summary>
[DebuggerDisplay("{Value} ({Family})")]
public readonly struct ProblemCode : IEquatable<ProblemCode>
{
    public ProblemCode(string value, ProblemFamily family)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        Family = family;
    }

    public string Value { get; }

    public ProblemFamily Family { get; }

    public static ProblemCode ValidationFailed { get; } = new("validation-failed", ProblemFamily.Validation);

    public static ProblemCode CaptchaInvalid { get; } = new("captcha-invalid", ProblemFamily.Validation);

    public static ProblemCode CaptchaAudioUnavailable { get; } = new("captcha-audio-unavailable", ProblemFamily.NotFound);

    /// <summary>The captcha service (CaptchEtat) is unreachable or refuses the app: the step fails closed.</summary>
    public static ProblemCode CaptchaUnavailable { get; } = new("captcha-unavailable", ProblemFamily.Unavailable);

    public static ProblemCode LinkInvalid { get; } = new("link-invalid", ProblemFamily.Validation);

    public static ProblemCode LinkExpired { get; } = new("link-expired", ProblemFamily.Gone);

    public static ProblemCode LinkUsed { get; } = new("link-used", ProblemFamily.Gone);

    public static ProblemCode FlowInvalid { get; } = new("flow-invalid", ProblemFamily.Validation);

    public static ProblemCode FlowExpired { get; } = new("flow-expired", ProblemFamily.Gone);

    public static ProblemCode FlowStepInvalid { get; } = new("flow-step-invalid", ProblemFamily.Conflict);

    public static ProblemCode ExtensionLimitReached { get; } = new("extension-limit-reached", ProblemFamily.Conflict);

    public static ProblemCode CodeIncorrect { get; } = new("code-incorrect", ProblemFamily.Validation);

    public static ProblemCode AnswerIncorrect { get; } = new("answer-incorrect", ProblemFamily.Validation);

    public static ProblemCode RecoveryLocked { get; } = new("recovery-locked", ProblemFamily.Locked);

    /// <summary>
    /// A saved recovery code was refused: wrong, already used, or the address has no active account with codes —
    /// one answer for all, so it never tells whether the address exists (docs/security/recovery-codes.md).
    /// </summary>
    public static ProblemCode RecoveryCodeInvalid { get; } = new("recovery-code-invalid", ProblemFamily.Validation);

    /// <summary>Too many codes tried for this typed address: counted by the address, never by account state, so the same for every address.</summary>
    public static ProblemCode RecoveryCodesLocked { get; } = new("recovery-codes-locked", ProblemFamily.Locked);

    // ---- Standards profile (ASVS): the factor stage after the mailbox proof ----

    /// <summary>A saved recovery code typed at the factor stage is wrong or spent: counted like a wrong answer, with the tries left.</summary>
    public static ProblemCode RecoveryCodeIncorrect { get; } = new("recovery-code-incorrect", ProblemFamily.Validation);

    // ---- Passkeys (docs/security/passkeys.md) ----

    /// <summary>A passkey sign-in or proof refused: unknown key, wrong signature, spent or expired ceremony, cloned counter (one answer for all).</summary>
    public static ProblemCode PasskeyInvalid { get; } = new("passkey-invalid", ProblemFamily.Unauthorized);

    /// <summary>A passkey creation the server could not verify (expired ceremony, wrong origin, key already registered).</summary>
    public static ProblemCode PasskeyRegistrationInvalid { get; } = new("passkey-registration-invalid", ProblemFamily.Validation);

    /// <summary>No passkey with this id on the signed-in account.</summary>
    public static ProblemCode PasskeyNotFound { get; } = new("passkey-not-found", ProblemFamily.NotFound);

    /// <summary>The account holds <c>Passkeys:MaxPerAccount</c> passkeys already.</summary>
    public static ProblemCode PasskeyLimitReached { get; } = new("passkey-limit-reached", ProblemFamily.Conflict);

    public static ProblemCode CredentialsInvalid { get; } = new("credentials-invalid", ProblemFamily.Unauthorized);

    public static ProblemCode SessionInvalid { get; } = new("session-invalid", ProblemFamily.Unauthorized);

    public static ProblemCode PasswordIncorrect { get; } = new("password-incorrect", ProblemFamily.Forbidden);

    public static ProblemCode EmailTaken { get; } = new("email-taken", ProblemFamily.Conflict);

    public static ProblemCode SubscriberNumberInvalid { get; } = new("subscriber-number-invalid", ProblemFamily.Validation);

    public static ProblemCode RateLimited { get; } = new("rate-limited", ProblemFamily.TooManyRequests);

    public static ProblemCode Conflict { get; } = new("conflict", ProblemFamily.Conflict);

    public static ProblemCode ReasonRequired { get; } = new("reason-required", ProblemFamily.Validation);

    public static ProblemCode ReasonCharactersForbidden { get; } = new("reason-characters-forbidden", ProblemFamily.Validation);

    public static ProblemCode AccountNotFound { get; } = new("account-not-found", ProblemFamily.NotFound);

    public static ProblemCode AccountNotActive { get; } = new("account-not-active", ProblemFamily.Conflict);

    // Online assistance requests (contract §2.7).
    public static ProblemCode RequestNotFound { get; } = new("request-not-found", ProblemFamily.NotFound);

    // ---- Captcha weight (issue 25 item 10): the 2× image fetched on request ----
    public static ProblemCode CaptchaImageUnavailable { get; } = new("captcha-image-unavailable", ProblemFamily.NotFound);

    // FranceConnect as a way back (issue 22): a response that is not the one this request awaits, and an outage.
    public static ProblemCode FranceConnectFailed { get; } = new("franceconnect-failed", ProblemFamily.Validation);

    /// <summary>FranceConnect is unreachable or answers with something that does not verify: the step fails closed.</summary>
    public static ProblemCode FranceConnectUnavailable { get; } = new("franceconnect-unavailable", ProblemFamily.Unavailable);

    /// <summary>A binding asked for an account already bound, or with an identity already bound to an account.</summary>
    public static ProblemCode FranceConnectAlreadyBound { get; } = new("franceconnect-already-bound", ProblemFamily.Conflict);

    /// <summary>Unlinking asked for an account that is not bound.</summary>
    public static ProblemCode FranceConnectNotBound { get; } = new("franceconnect-not-bound", ProblemFamily.NotFound);

    public static bool operator ==(ProblemCode left, ProblemCode right) => left.Equals(right);

    public static bool operator !=(ProblemCode left, ProblemCode right) => !left.Equals(right);

    /// <summary>Codes are compared by value: one value has one family.</summary>
    public bool Equals(ProblemCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ProblemCode other && Equals(other);

    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;
}
