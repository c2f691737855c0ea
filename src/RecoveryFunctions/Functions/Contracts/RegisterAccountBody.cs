namespace RecoveryFunctions.Functions.Contracts;

public sealed record RegisterAccountBody(
    string Email,
    string Password,
    int SecurityQuestionId,
    string SecurityAnswer,
    string CaptchaId,
    string CaptchaText,
    string? Phone = null,
    string? Language = null);
