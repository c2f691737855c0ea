namespace RecoveryFunctions.Core.Registration;

/// <param name="SecurityQuestionId">Required under the seed profile; not asked, and ignored, under the ASVS profile (ASVS 6.4.2).</param>
/// <param name="SecurityAnswer">Required under the seed profile; not asked, and ignored, under the ASVS profile.</param>
/// <param name="FranceConnectTicket">Registering with FranceConnect: the ticket the form got back from it; the identity is bound at activation.</param>
public sealed record RegistrationRequest(string Email, string Password, int? SecurityQuestionId, string? SecurityAnswer, string? Phone, string Language, string? FranceConnectTicket = null);
