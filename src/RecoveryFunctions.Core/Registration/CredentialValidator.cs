using RecoveryFunctions.Core.Answers;
using RecoveryFunctions.Core.Errors;
using RecoveryFunctions.Core.Passwords;
using RecoveryFunctions.Core.Questions;

namespace RecoveryFunctions.Core.Registration;

/// <summary>The checks shared by registration and the account-space changes, each reported under its field.</summary>
public sealed class CredentialValidator(PasswordPolicy policy)
{
    public void CheckPassword(ValidationErrors errors, string field, string password, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var violation in policy.Validate(password, context))
        {
            errors.Add(field, violation.Code);
        }
    }

    /// <returns>The normalised answer, or null when invalid (the error is recorded).</returns>
    public static string? CheckAnswer(ValidationErrors errors, string field, string? answer)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (answer is null)
        {
            errors.Add(field, FieldCodes.FieldRequired);
            return null;
        }

        if (!SecurityAnswerNormalizer.TryNormalize(answer, out var normalized, out var code))
        {
            errors.Add(field, code ?? FieldCodes.ValidationFailed);
            return null;
        }

        return normalized;
    }

    public static void CheckQuestion(ValidationErrors errors, string field, int? questionId)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (questionId is null)
        {
            errors.Add(field, FieldCodes.FieldRequired);
        }
        else if (SecurityQuestionCatalog.Find(questionId.Value) is null)
        {
            errors.Add(field, FieldCodes.SecurityQuestionUnknown);
        }
    }
}
