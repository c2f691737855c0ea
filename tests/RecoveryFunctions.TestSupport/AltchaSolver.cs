using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RecoveryFunctions.Core.Captcha;

namespace RecoveryFunctions.TestSupport;

/// <summary>What the altcha widget does in the browser: finds the number and returns its base64 JSON payload.</summary>
public static class AltchaSolver
{
    public static string Solve(AltchaChallenge challenge, string? signature = null, string? salt = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        for (var number = 0; number < challenge.MaxNumber; number++)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(challenge.Salt + number.ToString(CultureInfo.InvariantCulture))));
            if (hash == challenge.Challenge)
            {
                return Payload(challenge, number, signature, salt);
            }
        }

        throw new InvalidOperationException("No number in range solves the challenge.");
    }

    public static string Payload(AltchaChallenge challenge, long number, string? signature = null, string? salt = null)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var json = JsonSerializer.Serialize(new { algorithm = challenge.Algorithm, challenge = challenge.Challenge, number, salt = salt ?? challenge.Salt, signature = signature ?? challenge.Signature, took = 12 });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
