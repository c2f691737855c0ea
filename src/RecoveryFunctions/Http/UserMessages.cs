namespace RecoveryFunctions.Http;

/// <summary>Generic acknowledgements (the same words whether or not an account exists) and other user-facing text.</summary>
internal static class UserMessages
{
    public static string RegistrationAccepted(string language) => language == RequestLanguage.English
        ? "Your request has been recorded. If this address can be used, you will receive an email to continue."
        : "Votre demande a bien été enregistrée. Si cette adresse peut être utilisée, vous allez recevoir un courriel pour poursuivre.";

    public static string UsernameRecoveryAccepted(string language) => language == RequestLanguage.English
        ? "If this subscriber number matches an active account, the login address has been sent to the registered email."
        : "Si ce numéro d’abonné correspond à un compte actif, l’adresse de connexion a été envoyée à l’adresse électronique enregistrée.";

    public static string EmailChangeAccepted(string language) => language == RequestLanguage.English
        ? "Your request has been recorded. If this address can be used, a confirmation link has been sent to it; your current address has been informed."
        : "Votre demande a bien été enregistrée. Si cette adresse peut être utilisée, un lien de confirmation y a été envoyé\u202F; votre adresse actuelle en a été informée.";

    public static string HelpdeskLinkSent(string language) => language == RequestLanguage.English
        ? "A link to set a new password, valid 12 hours, has been sent to the holder’s registered address."
        : "Un lien pour définir un nouveau mot de passe, valable 12 heures, a été envoyé à l’adresse enregistrée du titulaire.";

    /// <summary>The captcha image's alt text: what it is and how long (when the provider says), never its characters (RGAA 1.3).</summary>
    public static string CaptchaAltText(int? length, string language) => (length, language == RequestLanguage.English) switch
    {
        (null, true) => "Security code image: characters to copy. An audio version is available.",
        (null, false) => "Image du code de sécurité\u00A0: caractères à recopier. Une version audio est disponible.",
        (_, true) => $"Security code image: {length} letters and digits to copy. An audio version is available.",
        (_, false) => $"Image du code de sécurité\u00A0: {length} lettres et chiffres à recopier. Une version audio est disponible.",
    };
}
