namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>
/// Every template's shape, written once for both languages: its blocks in order and the value each one shows. The
/// words come from one text table per language (<see cref="FrenchEmailText"/>, <see cref="EnglishEmailText"/>), keyed
/// <c>{Template}.Subject</c>, <c>{Template}.Heading</c> and <c>{Template}.{n}</c> for the n-th block (from 1), so a
/// language can change its wording but never its structure.
/// </summary>
internal static class EmailTemplates
{
    private static readonly BlockShape Paragraph = new(EmailBlockKind.Paragraph, null);

    private static readonly BlockShape NotYou = new(EmailBlockKind.NotYou, EmailValueKeys.AssistanceUrl);

    public static EmailTemplateDefinition Get(EmailTemplate template, EmailLanguageText language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var name = template.ToString();
        return new(
            language.Text($"{name}.Subject"),
            language.Text($"{name}.Heading"),
            [.. Shape(template).Select((block, index) => new EmailBlock(block.Kind, language.Text($"{name}.{index + 1}"), block.ValueKey))]);
    }

    private static IReadOnlyList<BlockShape> Shape(EmailTemplate template) => template switch
    {
        EmailTemplate.ActivationLink => [Paragraph, Button(EmailValueKeys.ActivationUrl), Paragraph, Paragraph],
        EmailTemplate.AlreadyRegistered => [Paragraph, Paragraph, Button(EmailValueKeys.SignInUrl), NotYou],
        EmailTemplate.RegistrationSummary => [Paragraph, Detail(EmailValueKeys.SubscriberNumber), Detail(EmailValueKeys.Email), new BlockShape(EmailBlockKind.OptionalDetail, EmailValueKeys.Question), Detail(EmailValueKeys.Phone), Detail(EmailValueKeys.Date), Paragraph],
        EmailTemplate.SignInLocked => [Paragraph, Paragraph, NotYou],
        EmailTemplate.RecoveryLink => [Paragraph, Button(EmailValueKeys.RecoveryUrl), Code(EmailValueKeys.Code), Paragraph, Paragraph],
        EmailTemplate.RecoveryLocked => [Paragraph, Paragraph, NotYou],
        EmailTemplate.RecoveryStillLocked => [Paragraph, Paragraph, Button(EmailValueKeys.AssistanceUrl), Paragraph],
        EmailTemplate.PasswordChanged => [Paragraph, Paragraph, NotYou],
        EmailTemplate.UsernameReminder => [Paragraph, Detail(EmailValueKeys.Email), Detail(EmailValueKeys.SubscriberNumber), Paragraph],
        EmailTemplate.EmailChangeLink => [Paragraph, Button(EmailValueKeys.ConfirmUrl), Paragraph, Paragraph],
        EmailTemplate.EmailChangeRequested => [Paragraph, Paragraph, NotYou],
        EmailTemplate.EmailChanged => [Paragraph, NotYou],
        EmailTemplate.SecurityQuestionChanged => [Paragraph, NotYou],
        EmailTemplate.PhoneChanged => [Paragraph, Detail(EmailValueKeys.Phone), NotYou],
        EmailTemplate.AssistanceAction => [Paragraph, Detail(EmailValueKeys.Action), NotYou],
        EmailTemplate.AssistanceRequestReceived => [Paragraph, Detail(EmailValueKeys.Reference), Paragraph, NotYou],
        EmailTemplate.AssistanceRequestSecretRedacted => [Paragraph, Detail(EmailValueKeys.ExposedSecret), Detail(EmailValueKeys.Reference), Paragraph, Paragraph, NotYou],
        EmailTemplate.HelpdeskRecoveryLink => [Paragraph, Button(EmailValueKeys.RecoveryUrl), Paragraph, Paragraph],
        EmailTemplate.RecoveryCodesGenerated => [Paragraph, Paragraph, NotYou],
        EmailTemplate.RecoveryCodeUsed => [Paragraph, Detail(EmailValueKeys.CodesLeft), Paragraph, NotYou],
        EmailTemplate.RecoveryCodesLocked => [Paragraph, Paragraph, NotYou],
        EmailTemplate.PasskeyAdded => [Paragraph, Detail(EmailValueKeys.PasskeyName), Paragraph, NotYou],
        EmailTemplate.PasskeyRemoved => [Paragraph, Detail(EmailValueKeys.PasskeyName), NotYou],
        EmailTemplate.FranceConnectBound => [Paragraph, Paragraph, NotYou],
        EmailTemplate.FranceConnectUnbound => [Paragraph, NotYou],
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template."),
    };

    private static BlockShape Button(string urlKey) => new(EmailBlockKind.Button, urlKey);

    private static BlockShape Code(string codeKey) => new(EmailBlockKind.Code, codeKey);

    private static BlockShape Detail(string valueKey) => new(EmailBlockKind.Detail, valueKey);

    /// <summary>A block without its words: what it is and which value it shows.</summary>
    private sealed record BlockShape(EmailBlockKind Kind, string? ValueKey);
}
