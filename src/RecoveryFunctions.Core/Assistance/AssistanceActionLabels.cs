using RecoveryFunctions.Core.Audit;
using RecoveryFunctions.Core.Registration;

namespace RecoveryFunctions.Core.Assistance;

/// <summary>How the holder's email names what an agent did, in the holder's language.</summary>
public static class AssistanceActionLabels
{
    public static string For(string auditType, string language)
    {
        var english = language == Languages.English;
        return auditType switch
        {
            AuditEventTypes.AgentLookUp => english ? "Your account details were consulted" : "Consultation de vos coordonnées",
            AuditEventTypes.AgentRecoveryLink => english ? "A link to set a new password was sent to you" : "Envoi d’un lien pour définir un nouveau mot de passe",
            AuditEventTypes.AgentUnlock => english ? "Your account was unlocked" : "Déblocage de votre espace",
            AuditEventTypes.AgentPasskeysRevoked => english ? "Every passkey of your account was revoked" : "Révocation de toutes les clés d’accès de votre espace",
            AuditEventTypes.AgentEventsRead => english ? "The history of your account was consulted" : "Consultation de l’historique de votre espace",
            AuditEventTypes.AgentRequestAssigned => english ? "An agent took charge of your assistance request" : "Prise en charge de votre demande d’assistance",
            AuditEventTypes.AgentRequestClosed => english ? "Your assistance request was closed" : "Clôture de votre demande d’assistance",
            _ => throw new ArgumentOutOfRangeException(nameof(auditType), auditType, "Not an agent action."),
        };
    }
}
