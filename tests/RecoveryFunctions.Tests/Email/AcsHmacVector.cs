namespace RecoveryFunctions.Tests.Email;

/// <summary>The fixed signing vector of Vectors/acs-hmac-vector.txt, computed with openssl.</summary>
internal sealed record AcsHmacVector(
    string AccessKey,
    string Method,
    Uri Url,
    string Date,
    string Body,
    string ExpectedContentHash,
    string ExpectedSignature,
    string ExpectedAuthorization)
{
    public static AcsHmacVector Load()
    {
        var values = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "acs-hmac-vector.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(": ", 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        return new AcsHmacVector(
            values["access-key"],
            values["method"],
            new Uri(values["url"]),
            values["date"],
            values["body"],
            values["expected-content-sha256"],
            values["expected-signature"],
            values["expected-authorization"]);
    }
}
