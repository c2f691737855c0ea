namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// FranceConnect v2 as this service provider uses it: the authorization request, the redemption of its code (the ID
/// token and the userinfo, both verified against the provider's published keys), and the logout. A provider that does
/// not answer or answers with anything that does not verify throws <see cref="FranceConnectUnavailableException"/>: the
/// step fails closed.
/// </summary>
public interface IFranceConnectProvider
{
    /// <summary>Where to send the person's browser: <c>/api/v2/authorize</c> with the pivot identity's scopes and acr_values=eidas1.</summary>
    Task<Uri> AuthorizationUrlAsync(string state, string nonce, CancellationToken cancellationToken = default);

    /// <summary>Redeems the code at the token endpoint and reads the signed userinfo.</summary>
    Task<FranceConnectAuthentication> RedeemAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Where to send the browser to end its FranceConnect session (<c>/api/v2/session/end</c>).</summary>
    Task<Uri> LogoutUrlAsync(string idToken, string state, CancellationToken cancellationToken = default);
}

/// <summary>FranceConnect cannot be used now: unreachable, an unexpected answer, or a token that does not verify.</summary>
public sealed class FranceConnectUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
