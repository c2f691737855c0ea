namespace RecoveryFunctions.OpenApi;

public enum CallerKind
{
    /// <summary>A signed-in holder: <c>Authorization: Bearer {sessionToken}</c>.</summary>
    Session,

    /// <summary>A helpdesk agent: an Entra ID access token and the <c>X-Assistance-Reason</c> header.</summary>
    Agent,
}
