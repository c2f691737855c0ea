namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>What an authorization request was started for; kept in its state row so a response cannot be replayed into the other.</summary>
public enum FranceConnectPurpose
{
    Bind,
    Recover,

    /// <summary>Not sent to FranceConnect: the logout's <c>state</c> after a recovery matched, which opens the flow on the way back.</summary>
    Resume,

    /// <summary>Registering with FranceConnect: the email prefilled, the identity bound once the account is activated.</summary>
    Register,

    /// <summary>Not sent to FranceConnect: the logout's <c>state</c> after a registration's sign-in, which gives the form its ticket on the way back.</summary>
    RegisterResume,

    /// <summary>Never in a URL a server sees: the registration form's ticket (in the fragment), spent by the registration it is sent with.</summary>
    RegisterTicket,
}
