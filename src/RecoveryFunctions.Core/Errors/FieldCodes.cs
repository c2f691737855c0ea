namespace RecoveryFunctions.Core.Errors;

/// <summary>
/// Codes inside a problem's <c>errors</c> map (JSON property path → codes). Never rename one: front ends depend on them.
/// Some share their value with a <see cref="ProblemCode"/> (the field that caused that problem).
/// </summary>
public static class FieldCodes
{
    public const string FieldRequired = "field-required";
    public const string FieldInvalidType = "field-invalid-type";
    public const string EmailInvalid = "email-invalid";
    public const string PhoneInvalid = "phone-invalid";
    public const string LanguageInvalid = "language-invalid";
    public const string SecurityQuestionUnknown = "security-question-unknown";
    public const string CaptchaPurposeUnknown = "captcha-purpose-unknown";
    public const string CodeIncorrect = "code-incorrect";
    public const string AnswerIncorrect = "answer-incorrect";

    /// <summary>Not shaped like a saved recovery code (length, characters): refused before anything is read or counted.</summary>
    public const string RecoveryCodeMalformed = "recovery-code-malformed";

    // ---- Standards profile (ASVS): the factor stage ----
    public const string RecoveryCodeIncorrect = "recovery-code-incorrect";

    public const string PasswordMismatch = "password-mismatch";
    public const string EmailUnchanged = "email-unchanged";
    public const string SubscriberNumberInvalid = "subscriber-number-invalid";

    /// <summary>A credential rule without a code of its own.</summary>
    public const string ValidationFailed = "validation-failed";

    // Online assistance requests (contract §2.7).
    public const string TopicUnknown = "topic-unknown";
    public const string OutcomeUnknown = "outcome-unknown";
    public const string MessageTooLong = "message-too-long";
    public const string TextInvalidCharacter = "text-invalid-character";
    public const string IdentifierRequired = "identifier-required";
    public const string ContactRequired = "contact-required";
}
