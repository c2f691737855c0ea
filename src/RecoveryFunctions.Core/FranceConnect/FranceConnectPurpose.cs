namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>What an authorization request was started for; kept in its state row so a response cannot be replayed into the other.</summary>
public enum FranceConnectPurpose
{
    Bind,
    Recover,

    /// <summary>Not sent to FranceConnect: the logout's <c>state</c> after a recovery matched, which opens the flow on the way back.</summary>
    Resume,
}
