namespace RecoveryFunctions.Core.FranceConnect;

/// <summary>
/// What a verified FranceConnect authorization response gives: the person's <c>sub</c> for this service, their pivot
/// identity (from the signed userinfo), the ID token's nonce (checked by <see cref="FranceConnectAuthorizations"/>) and
/// the ID token itself, kept only for the logout that ends the FranceConnect session.
/// </summary>
/// <param name="Email">The <c>email</c> claim, when FranceConnect gives one: only ever a suggestion the person edits (registration).</param>
public sealed record FranceConnectAuthentication(string Subject, PivotIdentity Identity, string Nonce, string IdToken, string? Email = null);
