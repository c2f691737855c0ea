using static RecoveryFunctions.Core.Email.Templates.EmailBlock;

namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>English wording, matching the French templates block for block.</summary>
internal static class EnglishEmailTemplates
{
    private const string NotYouText =
        "Not you? If you did not do this, your account may be at risk: contact the helpdesk right away.";

    public static EmailLanguageText Common { get; } = new(
        HtmlLanguage: "en",
        DefaultServiceName: "Professional space",
        LabelSeparator: ": ",
        Greeting: "Hello,",
        NotProvided: "not provided",
        NotYouLinkLabel: "Contact the helpdesk",
        LinkFallbackHint: "If the link does not work, copy this address into your browser:",
        Footer:
        [
            "This email was sent automatically: please do not reply.",
            "For your security, we will never ask for your password or the answer to your security question, by email or by phone.",
        ]);

    public static EmailTemplateDefinition Get(EmailTemplate template) => template switch
    {
        EmailTemplate.ActivationLink => new(
            "Activate your professional space",
            "Complete your registration",
            [
                Paragraph("You asked to create a professional space. To activate it, follow the link below."),
                Button("Activate my space", EmailValueKeys.ActivationUrl),
                Paragraph("This link works once and for a limited time."),
                Paragraph("If you did not register, ignore this email: no space will be created."),
            ]),
        EmailTemplate.AlreadyRegistered => new(
            "Registration attempt with your email address",
            "You already have a professional space",
            [
                Paragraph("Someone asked to create a professional space with your email address, which already belongs to a space."),
                Paragraph("If this was you, just sign in. Forgot your password? Use the \"Forgot password\" link on the sign-in page."),
                Button("Sign in", EmailValueKeys.SignInUrl),
                NotYou(NotYouText),
            ]),
        EmailTemplate.RegistrationSummary => new(
            "Your registration summary",
            "Your professional space is active",
            [
                Paragraph("Your registration is complete. Here is its summary: keep this email."),
                Detail("Subscriber number", EmailValueKeys.SubscriberNumber),
                Detail("Email address (username)", EmailValueKeys.Email),
                Detail("Security question", EmailValueKeys.Question),
                Detail("Phone", EmailValueKeys.Phone),
                Detail("Activation date", EmailValueKeys.Date),
                Paragraph("For your security, neither your password nor the answer to your security question appears in this email."),
            ]),
        EmailTemplate.SignInLocked => new(
            "Access to your professional space temporarily locked",
            "Sign-in temporarily locked",
            [
                Paragraph("Several attempts to sign in to your professional space failed. For your security, sign-in is locked until {LockedUntil}."),
                Paragraph("If you forgot your password, you can reset it with the \"Forgot password\" link on the sign-in page."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.RecoveryLink => new(
            "Reset your password",
            "Reset your password",
            [
                Paragraph("You asked to reset the password of your professional space. Follow the link below, then enter the verification code when asked."),
                Button("Reset my password", EmailValueKeys.RecoveryUrl),
                Code("Verification code", EmailValueKeys.Code),
                Paragraph("This link and this code are valid until {ExpiresAt} and work once. Never share them."),
                Paragraph("If you did not ask for this, ignore this email: your password stays unchanged."),
            ]),
        EmailTemplate.RecoveryLocked => new(
            "Password reset locked",
            "Online password reset locked",
            [
                Paragraph("Several wrong answers to your security question were entered. For your security, online password reset is locked until {LockedUntil}."),
                Paragraph("If you no longer remember the answer, the helpdesk can check your identity and help you."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.PasswordChanged => new(
            "Your password was changed",
            "Your password was changed",
            [
                Paragraph("The password of your professional space was changed on {Date}."),
                Paragraph("For your security, the open sessions on your space were closed."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.UsernameReminder => new(
            "Your username reminder",
            "Your sign-in username",
            [
                Paragraph("You asked for a reminder of the username of your professional space."),
                Detail("Username (email address)", EmailValueKeys.Email),
                Detail("Subscriber number", EmailValueKeys.SubscriberNumber),
                Paragraph("If you did not ask for this, ignore this email."),
            ]),
        EmailTemplate.EmailChangeLink => new(
            "Confirm your new email address",
            "Confirm your new address",
            [
                Paragraph("This address was given as the new email address of a professional space. To confirm it, follow the link below."),
                Button("Confirm this address", EmailValueKeys.ConfirmUrl),
                Paragraph("This link is valid until {ExpiresAt} and works once."),
                Paragraph("If you did not ask for this, ignore this email: nothing will change."),
            ]),
        EmailTemplate.EmailChangeRequested => new(
            "Request to change your email address",
            "Request to change your email address",
            [
                Paragraph("Someone asked to change the email address of your professional space. The new address given is {NewEmailMasked}."),
                Paragraph("The change takes effect only once confirmed from that new address."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.EmailChanged => new(
            "Your email address was changed",
            "Your email address was changed",
            [
                Paragraph("The email address of your professional space was replaced by {NewEmailMasked}. You will no longer receive emails at this address."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.SecurityQuestionChanged => new(
            "Your security question was changed",
            "Your security question was changed",
            [
                Paragraph("The security question of your professional space and its answer were changed on {Date}."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.PhoneChanged => new(
            "Your phone number was changed",
            "Your phone number was changed",
            [
                Paragraph("The phone number of your professional space was changed or removed."),
                Detail("New number", EmailValueKeys.Phone),
                NotYou(NotYouText),
            ]),
        EmailTemplate.AssistanceAction => new(
            "The helpdesk acted on your professional space",
            "The helpdesk acted on your space",
            [
                Paragraph("A helpdesk agent acted on your professional space on {Date}."),
                Detail("Action", EmailValueKeys.Action),
                NotYou("Not you? If you did not contact the helpdesk, contact it right away."),
            ]),
        EmailTemplate.AssistanceRequestReceived => new(
            "Your assistance request was received",
            "Your assistance request was received",
            [
                Paragraph("An assistance request about your professional space was received on {Date}. An agent will handle it and contact you."),
                Detail("Request reference", EmailValueKeys.Reference),
                Paragraph("Never give your password or the answer to your security question: the helpdesk will never ask for them."),
                NotYou("Not you? If you did not make this request, tell the helpdesk."),
            ]),
        EmailTemplate.HelpdeskRecoveryLink => new(
            "Set a new password",
            "Set a new password",
            [
                Paragraph("Following your request to the helpdesk, you can set a new password for your professional space."),
                Button("Set my new password", EmailValueKeys.RecoveryUrl),
                Paragraph("This link is valid until {ExpiresAt} and works once. Never share it."),
                Paragraph("If you did not contact the helpdesk, ignore this email: your password stays unchanged."),
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template."),
    };
}
