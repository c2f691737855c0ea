using RecoveryFunctions.Core.FranceConnect;

namespace RecoveryFunctions.Infrastructure.FranceConnect;

/// <summary>FranceConnect switched off (<c>FranceConnect:Enabled</c> false): every step fails closed, <c>franceconnect-unavailable</c>.</summary>
public sealed class DisabledFranceConnectProvider : IFranceConnectProvider
{
    public Task<Uri> AuthorizationUrlAsync(string state, string nonce, CancellationToken cancellationToken = default) => throw Disabled();

    public Task<FranceConnectAuthentication> RedeemAsync(string code, CancellationToken cancellationToken = default) => throw Disabled();

    public Task<Uri> LogoutUrlAsync(string idToken, string state, CancellationToken cancellationToken = default) => throw Disabled();

    private static FranceConnectUnavailableException Disabled() => new("FranceConnect is not enabled (FranceConnect:Enabled).");
}
