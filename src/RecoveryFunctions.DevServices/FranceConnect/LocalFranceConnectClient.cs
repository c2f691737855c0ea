namespace RecoveryFunctions.DevServices.FranceConnect;

/// <summary>The one service provider the local FranceConnect knows: this backend, as FranceConnect's partner space registers it.</summary>
public sealed record LocalFranceConnectClient(
    string ClientId,
    string ClientSecret,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris);
