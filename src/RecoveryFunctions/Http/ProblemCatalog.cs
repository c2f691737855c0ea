using RecoveryFunctions.Core.Errors;

namespace RecoveryFunctions.Http;

/// <summary>
/// User-facing title and detail of every problem code, French first, English on request. A test asserts that every
/// <see cref="ProblemCode"/> and <see cref="HttpProblemCodes"/> member has both texts.
/// </summary>
internal static class ProblemCatalog
{
    private static readonly Dictionary<ProblemCode, ProblemText> Texts = new()
    {
        [HttpProblemCodes.BodyRequired] = new("Corps de requête manquant", "La requête doit contenir un document JSON.", "Request body missing", "The request must carry a JSON document."),
        [HttpProblemCodes.BodyTooLarge] = new("Requête trop volumineuse", "Le corps de la requête dépasse 16 Kio.", "Request too large", "The request body exceeds 16 KiB."),
        [HttpProblemCodes.BodyMalformed] = new("JSON invalide", "Le corps de la requête n’est pas un document JSON valide.", "Malformed JSON", "The request body is not valid JSON."),
        [HttpProblemCodes.BodyFramingInvalid] = new("Requête mal formée", "Le découpage du corps de la requête (Transfer-Encoding, Content-Length) est invalide.", "Malformed request", "The framing of the request body (Transfer-Encoding, Content-Length) is invalid."),
        [HttpProblemCodes.UnsupportedMediaType] = new("Type de contenu non pris en charge", "Envoyez le corps en application/json.", "Unsupported content type", "Send the body as application/json."),
        [ProblemCode.ValidationFailed] = new("Données invalides", "Certains champs sont manquants ou incorrects\u202F; voir «\u202Ferrors\u202F».", "Invalid data", "Some fields are missing or incorrect; see \"errors\"."),
        [ProblemCode.CaptchaInvalid] = new("Code de sécurité incorrect", "Le code de sécurité est incorrect, a expiré ou a déjà servi. Demandez un nouveau code.", "Wrong security code", "The security code is wrong, expired or already used. Ask for a new code."),
        [ProblemCode.CaptchaAudioUnavailable] = new("Version audio indisponible", "Ce code de sécurité a expiré, a déjà servi ou a été écouté trop de fois. Demandez un nouveau code.", "Audio unavailable", "This security code has expired, was already used or was played too many times. Ask for a new code."),
        [ProblemCode.CaptchaUnavailable] = new("Code de sécurité momentanément indisponible", "Le service de code de sécurité ne répond pas. Réessayez dans quelques instants\u202F; si le problème persiste, contactez l’assistance.", "Security code temporarily unavailable", "The security code service is not answering. Try again in a moment; if it persists, contact assistance."),
        [ProblemCode.LinkInvalid] = new("Lien invalide", "Ce lien ou ce code n’est pas valide.", "Invalid link", "This link or code is not valid."),
        [ProblemCode.LinkExpired] = new("Lien expiré", "Ce lien ou ce code a expiré. Recommencez la démarche.", "Link expired", "This link or code has expired. Start again."),
        [ProblemCode.LinkUsed] = new("Lien déjà utilisé", "Ce lien ou ce code a déjà été utilisé.", "Link already used", "This link or code has already been used."),
        [ProblemCode.FlowInvalid] = new("Démarche introuvable", "Cette démarche n’existe pas. Recommencez depuis le début.", "Unknown procedure", "This procedure does not exist. Start again."),
        [ProblemCode.FlowExpired] = new("Démarche expirée", "Le délai de cette démarche est dépassé. Recommencez depuis le début.", "Procedure expired", "This procedure has timed out. Start again."),
        [ProblemCode.FlowStepInvalid] = new("Étape non permise", "Cette étape ne peut pas être réalisée maintenant dans la démarche.", "Step not allowed", "This step cannot be taken at this point of the procedure."),
        [ProblemCode.ExtensionLimitReached] = new("Prolongation impossible", "Ce délai a déjà été prolongé au maximum autorisé\u202F; il ne peut plus l’être.", "Cannot extend", "This time limit has already been extended as far as allowed; it cannot be extended again."),
        [ProblemCode.CodeIncorrect] = new("Code incorrect", "Le code saisi est incorrect. Vérifiez le courriel reçu.", "Wrong code", "The code you typed is wrong. Check the email you received."),
        [ProblemCode.AnswerIncorrect] = new("Réponse incorrecte", "La réponse à votre question de confiance est incorrecte.", "Wrong answer", "The answer to your security question is wrong."),
        [ProblemCode.RecoveryLocked] = new("Réinitialisation bloquée", "Trop de réponses incorrectes\u00A0: la réinitialisation en ligne est bloquée pendant 24 heures. Contactez l’assistance, qui pourra vérifier votre identité.", "Reset locked", "Too many wrong answers: online reset is locked for 24 hours. Contact assistance, who can check your identity."),
        [ProblemCode.RecoveryCodeInvalid] = new("Code de secours refusé", "Ce code de secours n’est pas valable pour cette adresse électronique\u00A0: vérifiez l’adresse et le code (chaque code ne sert qu’une fois). Vous pouvez aussi recevoir un lien par courriel.", "Recovery code refused", "This recovery code is not valid for this email address: check the address and the code (each code works once). You can also get a link by email."),
        [ProblemCode.RecoveryCodesLocked] = new("Codes de secours temporairement refusés", "Trop de codes de secours ont été essayés pour cette adresse\u00A0: ils sont refusés pendant 24 heures. Vous pouvez toujours recevoir un lien par courriel, ou contacter l’assistance.", "Recovery codes temporarily refused", "Too many recovery codes were tried for this address: they are refused for 24 hours. You can still get a link by email, or contact assistance."),
        // ---- Standards profile (ASVS): the factor stage ----
        [ProblemCode.RecoveryCodeIncorrect] = new("Code de secours incorrect", "Ce code de secours est incorrect ou a déjà servi. Vérifiez-le sur votre liste imprimée ou téléchargée.", "Wrong recovery code", "This recovery code is wrong or was already used. Check it on your printed or downloaded list."),
        // ---- Passkeys ----
        [ProblemCode.PasskeyInvalid] = new("Clé d’accès refusée", "La connexion avec cette clé d’accès n’a pas abouti. Réessayez, ou connectez-vous avec votre adresse électronique et votre mot de passe.", "Passkey refused", "Signing in with this passkey did not succeed. Try again, or sign in with your email address and password."),
        [ProblemCode.PasskeyRegistrationInvalid] = new("Clé d’accès non enregistrée", "La clé d’accès n’a pas pu être enregistrée (délai dépassé ou clé déjà enregistrée). Recommencez la création.", "Passkey not saved", "The passkey could not be saved (time ran out or the key is already registered). Start the creation again."),
        [ProblemCode.PasskeyNotFound] = new("Clé d’accès introuvable", "Cette clé d’accès n’existe pas ou a déjà été supprimée.", "Passkey not found", "This passkey does not exist or was already deleted."),
        [ProblemCode.PasskeyLimitReached] = new("Trop de clés d’accès", "Votre espace a déjà le nombre maximal de clés d’accès\u00A0: supprimez-en une avant d’en créer une autre.", "Too many passkeys", "Your account already holds the maximum number of passkeys: delete one before creating another."),
        [ProblemCode.CredentialsInvalid] = new("Identifiants incorrects", "L’adresse électronique ou le mot de passe est incorrect.", "Wrong credentials", "The email address or the password is wrong."),
        [ProblemCode.SessionInvalid] = new("Session invalide", "Votre session a expiré ou a été fermée. Reconnectez-vous.", "Invalid session", "Your session has expired or was closed. Sign in again."),
        [ProblemCode.PasswordIncorrect] = new("Mot de passe actuel incorrect", "Le mot de passe actuel saisi est incorrect.", "Wrong current password", "The current password you entered is wrong."),
        [ProblemCode.EmailTaken] = new("Adresse déjà utilisée", "Cette adresse électronique est désormais utilisée par un autre espace. Choisissez-en une autre.", "Address already in use", "This email address is now used by another account. Choose another one."),
        [ProblemCode.SubscriberNumberInvalid] = new("Numéro d’abonné invalide", "Le numéro d’abonné doit comporter 13 chiffres\u202F; vérifiez-le.", "Invalid subscriber number", "The subscriber number must have 13 digits; check it."),
        [ProblemCode.RateLimited] = new("Trop de demandes", "Vous avez fait trop de demandes. Réessayez plus tard.", "Too many requests", "You made too many requests. Try again later."),
        [ProblemCode.Conflict] = new("Conflit", "La demande n’a pas pu aboutir car les données ont changé. Réessayez.", "Conflict", "The request could not complete because the data changed. Try again."),
        [HttpProblemCodes.InternalError] = new("Erreur interne", "Le service a rencontré une erreur. Réessayez plus tard.", "Internal error", "The service met an error. Try again later."),
        [HttpProblemCodes.ServiceUnavailable] = new("Service momentanément indisponible", "Le service ne peut pas traiter votre demande pour le moment. Réessayez dans quelques instants.", "Service temporarily unavailable", "The service cannot handle your request right now. Try again in a moment."),
        [HttpProblemCodes.AgentUnauthenticated] = new("Agent non authentifié", "Un jeton d’accès Entra ID valide est requis (en-tête HTTP Authorization, de type Bearer).", "Agent not authenticated", "A valid Entra ID access token is required (Authorization: Bearer header)."),
        [HttpProblemCodes.AgentForbidden] = new("Accès refusé", "Votre compte n’a pas le rôle d’assistance requis.", "Access denied", "Your account does not have the required assistance role."),
        [ProblemCode.ReasonRequired] = new("Motif obligatoire", "Indiquez le motif de l’intervention dans l’en-tête X-Assistance-Reason (10 à 500 caractères).", "Reason required", "Give the reason for this action in the X-Assistance-Reason header (10 to 500 characters)."),
        [ProblemCode.ReasonCharactersForbidden] = new("Motif refusé", "Le motif contient un caractère interdit dans le journal d’audit (retour à la ligne, caractère de contrôle, invisible ou de direction du texte).", "Reason refused", "The reason holds a character the audit trail refuses (line break, control, invisible or text-direction character)."),
        [ProblemCode.RequestNotFound] = new("Demande introuvable", "Aucune demande d’assistance ouverte ne porte cette référence.", "Request not found", "No open assistance request has this reference."),
        [ProblemCode.AccountNotFound] = new("Espace introuvable", "Aucun espace ne correspond à cette recherche.", "Account not found", "No account matches this search."),
        [HttpProblemCodes.EmailInUrl] = new("Adresse dans l’URL refusée", "Une adresse électronique ne se passe pas dans l’URL\u00A0: recherchez-la par POST /api/assistance/accounts/search, l’adresse dans le corps.", "Address in the URL refused", "An email address does not go in the URL: search it with POST /api/assistance/accounts/search, the address in the body."),
        [ProblemCode.AccountNotActive] = new("Espace non activé", "Cet espace n’a pas encore été activé par son titulaire.", "Account not activated", "This account has not been activated by its holder yet."),
        // ---- Captcha weight (issue 25 item 10): the 2× image fetched on request ----
        [ProblemCode.CaptchaImageUnavailable] = new("Image indisponible", "Ce code de sécurité a expiré ou a déjà servi. Demandez un nouveau code.", "Image unavailable", "This security code has expired or was already used. Ask for a new code."),

        // FranceConnect as a way back (issue 22).
        [ProblemCode.FranceConnectFailed] = new("Connexion FranceConnect non aboutie", "La connexion avec FranceConnect n’a pas abouti ou a déjà servi. Recommencez depuis le début.", "FranceConnect sign-in not completed", "The FranceConnect sign-in did not complete or was already used. Start again from the beginning."),
        [ProblemCode.FranceConnectUnavailable] = new("FranceConnect momentanément indisponible", "FranceConnect ne répond pas. Réessayez dans quelques instants ou contactez l’assistance.", "FranceConnect temporarily unavailable", "FranceConnect is not answering. Try again in a moment or contact assistance."),
        [ProblemCode.FranceConnectAlreadyBound] = new("Identité FranceConnect déjà liée", "Votre espace est déjà lié à une identité FranceConnect, ou cette identité est déjà liée à un autre espace.", "FranceConnect identity already linked", "Your account is already linked to a FranceConnect identity, or this identity is already linked to another account."),
        [ProblemCode.FranceConnectNotBound] = new("Aucune identité FranceConnect liée", "Votre espace n’est lié à aucune identité FranceConnect.", "No FranceConnect identity linked", "Your account is not linked to any FranceConnect identity."),
    };

    /// <summary>Every code the app can answer with, the domain's and the function app's own, by member name.</summary>
    public static IReadOnlyDictionary<string, ProblemCode> Members { get; } = typeof(ProblemCode).GetProperties()
        .Concat(typeof(HttpProblemCodes).GetProperties())
        .Where(p => p.PropertyType == typeof(ProblemCode) && p.GetMethod!.IsStatic)
        .ToDictionary(p => p.Name, p => (ProblemCode)p.GetValue(null)!, StringComparer.Ordinal);

    public static IReadOnlyList<ProblemCode> AllCodes { get; } = [.. Members.Values];

    // Never reached while the completeness test passes; a generic refusal beats a 500 if a merge ever slips one by.
    private static readonly ProblemText Fallback = new("Requête refusée", "La requête a été refusée.", "Request refused", "The request was refused.");

    public static ProblemText For(ProblemCode code) => Texts.GetValueOrDefault(code, Fallback);

    /// <summary>Whether a code has its own texts (the completeness test's probe).</summary>
    public static bool Has(ProblemCode code) => Texts.ContainsKey(code);
}

/// <summary>A problem's title and detail in both languages.</summary>
internal sealed record ProblemText(string TitleFr, string DetailFr, string TitleEn, string DetailEn)
{
    public string Title(string language) => language == RequestLanguage.English ? TitleEn : TitleFr;

    public string Detail(string language) => language == RequestLanguage.English ? DetailEn : DetailFr;
}
