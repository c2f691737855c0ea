namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>What an authorization request was started for; kept in its state row so a response cannot be replayed into the other.</summary>
public enum FranceConnectPurpose
{
    Bind,
    Recover,
}
