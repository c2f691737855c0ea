using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using RecoveryFunctions.Core.FranceConnect;

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
    public PivotIdentity Pivot => new(GivenName, FamilyName, Birthdate, Gender, Birthplace, Birthcountry);

    /// <summary>The <c>sub</c> the local provider gives this person for <paramref name="clientId"/> (as local-franceconnect.mjs computes it).</summary>
    public string SubFor(string clientId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{clientId}|{Login}"))) + "v1";

    /// <summary>What the console and the README show to pick it on the provider's page.</summary>
    public string Describe() => $"{GivenName} {FamilyName}, born {Birthdate}";
}
