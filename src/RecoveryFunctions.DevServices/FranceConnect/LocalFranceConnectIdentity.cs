using System.Text.Json.Serialization;

namespace RecoveryFunctions.DevServices.FranceConnect;

/// <summary>A test identity of the local FranceConnect: its login on the provider's page and its pivot identity claims.</summary>
public sealed record LocalFranceConnectIdentity(
    string Login,
    [property: JsonPropertyName("given_name")] string GivenName,
    [property: JsonPropertyName("family_name")] string FamilyName,
    string Birthdate,
    string Gender,
    string Birthplace,
    string Birthcountry,
    string Email)
{
    /// <summary>What the console and the README show to pick it on the provider's page.</summary>
    public string Describe() => $"{GivenName} {FamilyName}, born {Birthdate}";
}
