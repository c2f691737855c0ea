namespace RecoveryFunctions.Core.Errors;

/// <summary>Stable problem codes clients can switch on. Never rename one: front ends depend on them.</summary>
public static class ErrorCodes
{
    public const string BodyRequired = "body-required";
    public const string BodyTooLarge = "body-too-large";
    public const string BodyMalformed = "body-malformed";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string ValidationFailed = "validation-failed";
    public const string FieldRequired = "field-required";
    public const string FieldUnknown = "field-unknown";
    public const string FieldInvalidType = "field-invalid-type";
    public const string FieldDuplicate = "field-duplicate";
    public const string BodyFramingInvalid = "body-framing-invalid";
    public const string EmailInvalid = "email-invalid";
    public const string PhoneInvalid = "phone-invalid";
    public const string LanguageInvalid = "language-invalid";
    public const string SecurityQuestionUnknown = "security-question-unknown";
    public const string CaptchaInvalid = "captcha-invalid";
    public const string CaptchaPurposeUnknown = "captcha-purpose-unknown";
    public const string CaptchaAudioUnavailable = "captcha-audio-unavailable";
    public const string CaptchaUnavailable = "captcha-unavailable";
    public const string LinkInvalid = "link-invalid";
    public const string LinkExpired = "link-expired";
    public const string LinkUsed = "link-used";
    public const string FlowInvalid = "flow-invalid";
    public const string FlowExpired = "flow-expired";
    public const string FlowStepInvalid = "flow-step-invalid";
    public const string ExtensionLimitReached = "extension-limit-reached";
    public const string CodeIncorrect = "code-incorrect";
    public const string AnswerIncorrect = "answer-incorrect";
    public const string RecoveryLocked = "recovery-locked";
    public const string PasswordMismatch = "password-mismatch";
    public const string CredentialsInvalid = "credentials-invalid";
    public const string SessionInvalid = "session-invalid";
    public const string PasswordIncorrect = "password-incorrect";
    public const string EmailTaken = "email-taken";
    public const string EmailUnchanged = "email-unchanged";
    public const string SubscriberNumberInvalid = "subscriber-number-invalid";
    public const string RateLimited = "rate-limited";
    public const string Conflict = "conflict";
    public const string InternalError = "internal-error";
    public const string AgentUnauthenticated = "agent-unauthenticated";
    public const string AgentForbidden = "agent-forbidden";
    public const string ReasonRequired = "reason-required";
    public const string ReasonCharactersForbidden = "reason-characters-forbidden";
    public const string AccountNotFound = "account-not-found";
    public const string AccountNotActive = "account-not-active";
    public const string EmailInUrl = "email-in-url";

    // Online assistance requests (SPEC §2.7).
    public const string MessageContainsSecret = "message-contains-secret";
    public const string RequestNotFound = "request-not-found";
    public const string TopicUnknown = "topic-unknown";
    public const string OutcomeUnknown = "outcome-unknown";
    public const string MessageTooLong = "message-too-long";
    public const string TextInvalidCharacter = "text-invalid-character";
    public const string IdentifierRequired = "identifier-required";
    public const string ContactRequired = "contact-required";
}
