namespace RecoveryFunctions.Http;

/// <summary>Generic acknowledgements: the same words whether or not an account exists.</summary>
internal static class UserMessages
{
    public static string RegistrationAccepted(string language) => language == RequestLanguage.English
        ? "Your request has been recorded. If this address can be used, you will receive an email to continue."
        : "Votre demande a bien été enregistrée. Si cette adresse peut être utilisée, vous allez recevoir un courriel pour poursuivre.";

    public static string UsernameRecoveryAccepted(string language) => language == RequestLanguage.English
        ? "If this subscriber number matches an active account, the login address has been sent to the registered email."
        : "Si ce numéro d'abonné correspond à un compte actif, l'adresse de connexion a été envoyée à l'adresse électronique enregistrée.";

    public static string EmailChangeAccepted(string language) => language == RequestLanguage.English
        ? "Your request has been recorded. If this address can be used, a confirmation link has been sent to it; your current address has been informed."
        : "Votre demande a bien été enregistrée. Si cette adresse peut être utilisée, un lien de confirmation y a été envoyé ; votre adresse actuelle en a été informée.";
}
