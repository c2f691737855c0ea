using static RecoveryFunctions.Core.Email.Templates.EmailBlock;

namespace RecoveryFunctions.Core.Email.Templates;

/// <summary>French wording (the default language), modelled on the tax portal's professional space.</summary>
internal static class FrenchEmailTemplates
{
    private const string NotYouText =
        "Pas vous ? Si vous n'êtes pas à l'origine de cette opération, votre compte est peut-être menacé : contactez l'assistance sans attendre.";

    public static EmailLanguageText Common { get; } = new(
        HtmlLanguage: "fr",
        DefaultServiceName: "Espace professionnel",
        LabelSeparator: "\u00A0: ",
        Greeting: "Bonjour,",
        NotProvided: "non renseigné",
        NotYouLinkLabel: "Contacter l'assistance",
        LinkFallbackHint: "Si le lien ne fonctionne pas, copiez cette adresse dans votre navigateur :",
        Footer:
        [
            "Ce courriel vous est adressé automatiquement : merci de ne pas y répondre.",
            "Pour votre sécurité, nous ne vous demanderons jamais votre mot de passe ni la réponse à votre question de confiance, par courriel ou par téléphone.",
        ]);

    public static EmailTemplateDefinition Get(EmailTemplate template) => template switch
    {
        EmailTemplate.ActivationLink => new(
            "Activez votre espace professionnel",
            "Finalisez votre inscription",
            [
                Paragraph("Vous avez demandé la création de votre espace professionnel. Pour l'activer, cliquez sur le lien ci-dessous."),
                Button("Activer mon espace", EmailValueKeys.ActivationUrl),
                Paragraph("Ce lien est à usage unique et sa durée de validité est limitée."),
                Paragraph("Si vous n'êtes pas à l'origine de cette inscription, ignorez ce message : aucun espace ne sera créé."),
            ]),
        EmailTemplate.AlreadyRegistered => new(
            "Tentative d'inscription avec votre adresse électronique",
            "Vous avez déjà un espace professionnel",
            [
                Paragraph("Une demande de création d'espace professionnel a été faite avec votre adresse électronique, qui est déjà associée à un espace."),
                Paragraph("Si c'est vous, connectez-vous simplement à votre espace. Mot de passe oublié ? Utilisez le lien « Mot de passe oublié » de la page de connexion."),
                Button("Me connecter", EmailValueKeys.SignInUrl),
                NotYou(NotYouText),
            ]),
        EmailTemplate.RegistrationSummary => new(
            "Récapitulatif de votre inscription",
            "Votre espace professionnel est activé",
            [
                Paragraph("Votre inscription est terminée. Voici son récapitulatif : conservez ce message."),
                Detail("Numéro d'abonné", EmailValueKeys.SubscriberNumber),
                Detail("Adresse électronique (identifiant)", EmailValueKeys.Email),
                Detail("Question de confiance", EmailValueKeys.Question),
                Detail("Téléphone", EmailValueKeys.Phone),
                Detail("Date d'activation", EmailValueKeys.Date),
                Paragraph("Pour votre sécurité, ni votre mot de passe ni la réponse à votre question de confiance ne figurent dans ce message."),
            ]),
        EmailTemplate.SignInLocked => new(
            "Accès à votre espace professionnel temporairement bloqué",
            "Connexion temporairement bloquée",
            [
                Paragraph("Plusieurs tentatives de connexion à votre espace professionnel ont échoué. Par sécurité, la connexion est bloquée jusqu'au {LockedUntil}."),
                Paragraph("Si vous avez oublié votre mot de passe, vous pourrez le réinitialiser avec le lien « Mot de passe oublié » de la page de connexion."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.RecoveryLink => new(
            "Réinitialisation de votre mot de passe",
            "Réinitialisez votre mot de passe",
            [
                Paragraph("Vous avez demandé à réinitialiser le mot de passe de votre espace professionnel. Cliquez sur le lien ci-dessous, puis saisissez le code de vérification quand il vous est demandé."),
                Button("Réinitialiser mon mot de passe", EmailValueKeys.RecoveryUrl),
                Code("Code de vérification", EmailValueKeys.Code),
                Paragraph("Ce lien et ce code sont valables jusqu'au {ExpiresAt} et ne servent qu'une fois. Ne les communiquez à personne."),
                Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé."),
            ]),
        EmailTemplate.RecoveryLocked => new(
            "Réinitialisation de votre mot de passe bloquée",
            "Réinitialisation en ligne bloquée",
            [
                Paragraph("Plusieurs réponses erronées à votre question de confiance ont été saisies. Par sécurité, la réinitialisation en ligne de votre mot de passe est bloquée jusqu'au {LockedUntil}."),
                Paragraph("Si vous ne vous souvenez plus de la réponse, l'assistance peut vérifier votre identité et vous aider."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.PasswordChanged => new(
            "Votre mot de passe a été modifié",
            "Votre mot de passe a été modifié",
            [
                Paragraph("Le mot de passe de votre espace professionnel a été modifié le {Date}."),
                Paragraph("Par sécurité, les sessions ouvertes sur votre espace ont été fermées."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.UsernameReminder => new(
            "Rappel de votre identifiant",
            "Votre identifiant de connexion",
            [
                Paragraph("Vous avez demandé le rappel de votre identifiant de connexion à l'espace professionnel."),
                Detail("Identifiant (adresse électronique)", EmailValueKeys.Email),
                Detail("Numéro d'abonné", EmailValueKeys.SubscriberNumber),
                Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message."),
            ]),
        EmailTemplate.EmailChangeLink => new(
            "Confirmez votre nouvelle adresse électronique",
            "Confirmez votre nouvelle adresse",
            [
                Paragraph("Cette adresse a été indiquée comme nouvelle adresse électronique d'un espace professionnel. Pour la confirmer, cliquez sur le lien ci-dessous."),
                Button("Confirmer cette adresse", EmailValueKeys.ConfirmUrl),
                Paragraph("Ce lien est valable jusqu'au {ExpiresAt} et ne sert qu'une fois."),
                Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucune modification ne sera faite."),
            ]),
        EmailTemplate.EmailChangeRequested => new(
            "Demande de modification de votre adresse électronique",
            "Demande de modification de votre adresse électronique",
            [
                Paragraph("Une demande de modification de l'adresse électronique de votre espace professionnel a été faite. La nouvelle adresse indiquée est {NewEmailMasked}."),
                Paragraph("Le changement ne prendra effet qu'après confirmation depuis cette nouvelle adresse."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.EmailChanged => new(
            "Votre adresse électronique a été modifiée",
            "Votre adresse électronique a été modifiée",
            [
                Paragraph("L'adresse électronique de votre espace professionnel a été remplacée par {NewEmailMasked}. Vous ne recevrez plus de message à cette adresse-ci."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.SecurityQuestionChanged => new(
            "Votre question de confiance a été modifiée",
            "Votre question de confiance a été modifiée",
            [
                Paragraph("La question de confiance de votre espace professionnel et sa réponse ont été modifiées le {Date}."),
                NotYou(NotYouText),
            ]),
        EmailTemplate.PhoneChanged => new(
            "Votre numéro de téléphone a été modifié",
            "Votre numéro de téléphone a été modifié",
            [
                Paragraph("Le numéro de téléphone de votre espace professionnel a été modifié ou supprimé."),
                Detail("Nouveau numéro", EmailValueKeys.Phone),
                NotYou(NotYouText),
            ]),
        EmailTemplate.AssistanceAction => new(
            "Intervention de l'assistance sur votre espace professionnel",
            "L'assistance est intervenue sur votre espace",
            [
                Paragraph("Un agent de l'assistance est intervenu sur votre espace professionnel le {Date}."),
                Detail("Opération", EmailValueKeys.Action),
                NotYou("Pas vous ? Si vous n'avez pas sollicité l'assistance, contactez-la sans attendre."),
            ]),
        EmailTemplate.AssistanceRequestReceived => new(
            "Votre demande d'assistance a été reçue",
            "Votre demande d'assistance a été reçue",
            [
                Paragraph("Une demande d'assistance concernant votre espace professionnel a été reçue le {Date}. Un agent la traitera et vous contactera."),
                Detail("Référence de la demande", EmailValueKeys.Reference),
                Paragraph("Ne communiquez jamais votre mot de passe ni la réponse à votre question de confiance : l'assistance ne vous les demandera pas."),
                NotYou("Pas vous ? Si vous n'avez pas fait cette demande, signalez-le à l'assistance."),
            ]),
        EmailTemplate.HelpdeskRecoveryLink => new(
            "Définissez un nouveau mot de passe",
            "Définissez un nouveau mot de passe",
            [
                Paragraph("À la suite de votre demande auprès de l'assistance, vous pouvez définir un nouveau mot de passe pour votre espace professionnel."),
                Button("Définir mon nouveau mot de passe", EmailValueKeys.RecoveryUrl),
                Paragraph("Ce lien est valable jusqu'au {ExpiresAt} et ne sert qu'une fois. Ne le communiquez à personne."),
                Paragraph("Si vous n'avez pas contacté l'assistance, ignorez ce message : votre mot de passe reste inchangé."),
            ]),
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template."),
    };
}
